# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# livepatch-build: apply the patches to a scratch copy, find the affected
# translation units and their binaries, compile them twice, diff them.

LINE_FMT=(--unchanged-group-format=$'\001K %df\n%='
	--changed-group-format=$'\001C\n%>'
	--new-group-format=$'\001C\n%>'
	--old-group-format=$'\001C\n')

# Files a patch touches (-p1 paths), one per line.  File headers are
# read only between hunks: a hunk's lines are counted from its @@ line, so
# a removed "-- x" or an added "++ x" line is never taken for one.
patch_files() {
	local p=$1 line old='' new='' olds=0 news=0
	local hunk='^@@ -[0-9]+(,([0-9]+))? \+[0-9]+(,([0-9]+))? @@'
	while IFS= read -r line || [ -n "$line" ]; do
		if [ "$olds" -gt 0 ] || [ "$news" -gt 0 ]; then
			case $line in
			' '* | '') olds=$((olds - 1)) news=$((news - 1)) ;;
			-*) olds=$((olds - 1)) ;;
			+*) news=$((news - 1)) ;;
			\\*) ;;
			*) die "$p: a hunk of ${new#*/} ends early, at: $line" ;;
			esac
			{ [ "$olds" -ge 0 ] && [ "$news" -ge 0 ]; } ||
				die "$p: a hunk of ${new#*/} is longer than its @@ line says"
			continue
		fi
		case $line in
		'--- '*)
			old=${line#--- }
			old=${old%%$'\t'*}
			;;
		'+++ '*)
			new=${line#+++ }
			new=${new%%$'\t'*}
			[ "$old" != /dev/null ] ||
				die "$p creates ${new#*/}: new files cannot be" \
					"live-patched (put new code in an existing file)"
			[ "$new" != /dev/null ] ||
				die "$p deletes ${old#*/}: cannot be live-patched"
			echo "${new#*/}"
			;;
		@@*)
			[[ $line =~ $hunk ]] || die "$p: bad hunk header: $line"
			olds=${BASH_REMATCH[2]:-1} news=${BASH_REMATCH[4]:-1}
			;;
		esac
	done <"$p"
	if [ "$olds" -gt 0 ] || [ "$news" -gt 0 ]; then
		die "$p: the last hunk of ${new#*/} is cut short"
	fi
}

# plain_path WHAT PATH: refuse a path that Kbuild or the generated
# compile commands (run by sh) cannot take as one word
plain_path() {
	[[ $2 =~ ^[A-Za-z0-9._/+@%,=~-]+$ ]] ||
		die "$1: the path has white space or characters Kbuild and" \
			"the generated commands cannot take (use only letters," \
			"digits and . _ / + @ % , = ~ -)"
}

stage_patches() {
	local p f
	plain_path "the scratch directory '$SCR' (TMPDIR)" "$SCR"
	plain_path "the kernel tree '$TREE'" "$TREE"
	declare -A listed=()
	FILES=()
	for p in "${PATCHES[@]}"; do
		# in a subshell, but its die must stop the build
		(patch_files "$p") >"$SCR/log/files" || exit 1
		while IFS= read -r f; do
			[ -z "${listed[$f]:-}" ] || continue
			listed[$f]=1
			FILES+=("$f")
		done <"$SCR/log/files"
	done
	[ ${#FILES[@]} -gt 0 ] || die "${PATCHES[*]}: no file changes found"
	for f in "${FILES[@]}"; do
		[[ $f != *..* && $f != /* ]] || die "bad path in patch: $f"
		plain_path "the patch changes '$f'" "$f"
		[ -f "$TREE/$f" ] ||
			die "the patch changes $f, which is not in the $REL source"
		mkdir -p "$SCR/a/${f%/*}" "$SCR/b/${f%/*}"
		cp "$TREE/$f" "$SCR/a/$f"
		cp "$TREE/$f" "$SCR/b/$f"
	done
	for p in "${PATCHES[@]}"; do
		if ! patch -d "$SCR/b" -p1 -s -f -N --dry-run \
			--no-backup-if-mismatch -r - <"$p" >"$SCR/log/patch" 2>&1; then
			sed 's/^/    /' "$SCR/log/patch" >&2
			die "$p does not apply to the $REL source (above)"
		fi
		patch -d "$SCR/b" -p1 -s -f -N --no-backup-if-mismatch -r - \
			<"$p" >"$SCR/log/patch" 2>&1 || die "$p: patch failed"
	done
	CHANGED=()
	HDR_IQUOTE=
	for f in "${FILES[@]}"; do
		if cmp -s "$SCR/a/$f" "$SCR/b/$f"; then
			continue
		fi
		case $f in
		*.c | *.h) ;;
		*) die "the patch changes $f: only .c and .h files can be" \
			"live-patched" ;;
		esac
		CHANGED+=("$f")
		if [[ $f == *.h ]] && [[ $HDR_IQUOTE != *" -iquote ${f%/*}"* ]]; then
			HDR_IQUOTE+=" -iquote ${f%/*}"
		fi
		# keep every unchanged line at its original number
		mkdir -p "$SCR/lined/${f%/*}"
		line_map "$f" "$f"
	done
	[ ${#CHANGED[@]} -gt 0 ] || die "the patches change nothing"
	copy_header_neighbours
	step "patches applied to a scratch copy: ${CHANGED[*]}"
}

# line_map FILE NAME: $SCR/lined/FILE, the patched FILE with #line NAME
# directives that keep each unchanged line at its original number
line_map() {
	local rc=0
	diff "${LINE_FMT[@]}" "$SCR/a/$1" "$SCR/b/$1" >"$SCR/log/line-diff" ||
		rc=$?
	[ "$rc" -le 1 ] || die "line mapping of $1: diff failed (exit $rc)"
	"$BINDIR/keep-lines" "$2" <"$SCR/log/line-diff" >"$SCR/lined/$1" ||
		die "line mapping of $1 failed (keep-lines)"
	[ -s "$SCR/lined/$1" ] || die "line mapping of $1 failed (empty)"
}

# A patched header is often reached through an unchanged header of its
# own directory (fs/ext4/ext4.h: #include "extents_status.h"), and a quoted
# #include looks next to the including file first: that neighbour must
# be a scratch copy too, else it includes the tree's original.  Copy every
# other header of those directories (#line keeps their name).
# (One awk for a directory's headers: include/linux has ~1500, a cat
# each took 23 s of every triage run that changes one of them.)
copy_header_neighbours() {
	local f d h todo
	declare -A done_dirs=()
	for f in "${CHANGED[@]}"; do
		[[ $f == *.h ]] || continue
		d=${f%/*}
		[ -z "${done_dirs[$d]+set}" ] || continue
		done_dirs[$d]=1
		mkdir -p "$SCR/lined/$d"
		todo=()
		for h in "$TREE/$d"/*.h; do
			[ -f "$h" ] || continue
			h=$d/${h##*/}
			[ ! -e "$SCR/lined/$h" ] || continue
			# (awk sees no line of an empty file)
			if [ -s "$TREE/$h" ]; then
				todo+=("$h")
			else
				echo "#line 1 \"$h\"" >"$SCR/lined/$h"
			fi
		done
		[ ${#todo[@]} -gt 0 ] || continue
		(cd "$TREE" && awk -v out="$SCR/lined/" '
			FNR == 1 {
				if (f != "") close(f)
				f = out FILENAME
				printf "#line 1 \"%s\"\n", FILENAME > f
			}
			{ print > f }' "${todo[@]}") ||
			die "copying the headers of $d into the scratch tree failed"
	done
}

# Parse the SUTURE-KBUILD lines of a query make into KB_OBJS[dir] (objects
# built in this config) and KB_DIRS[dir] (subdirectories descended into).
declare -A KB_OBJS KB_DIRS
parse_kbuild_query() {
	local line dir rest
	while IFS= read -r line; do
		[[ $line == SUTURE-KBUILD* ]] || continue
		rest=${line#SUTURE-KBUILD }
		dir=${rest%% *}
		rest=${rest#* }
		rest=${rest%|d*}
		KB_OBJS[$dir]=" ${rest//|[yml]/} "
		KB_DIRS[$dir]=" ${line##*|d} "
	done <"$1"
}

# kbuild_query LOG GOAL...: ask Kbuild what it builds in the directories
# of GOALs (SUTURE-KBUILD lines in LOG, parsed into KB_OBJS/KB_DIRS)
# without making the goals: nothing is compiled
kbuild_query() {
	local log=$1
	shift
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=only \
			kmake -k "$@" >"$log" 2>&1 || true
	) 9>"$LOCK"
	parse_kbuild_query "$log"
}

# unit_is_built UNIT: is_built for a unit, through the directory that
# builds it (claim_units) when not its own
unit_is_built() {
	local u=$1
	if [ -n "${UNIT_GOAL[$u]:-}" ]; then
		is_built "${UNIT_GOAL[$u]}" "${UNIT_GOAL_DIR[$u]}"
	else
		is_built "${u%.c}.o"
	fi
}

# is_built dir/foo.o [DIR]: does Kbuild build this object in this config?
# Its own directory lists it, or the nearest ancestor that does (objects
# of subdirectories without a Makefile: net/dccp lists ccids/ccid2.o,
# arch/x86/kvm lists vmx/vmx.o), or DIR (a claiming directory, see
# claim_unit), listing it as written there.
is_built() {
	local o=$1 d=${2:-} child
	if [ -n "$d" ]; then
		[[ ${KB_OBJS[$d]:-} == *" $o "* ]] || return 1
	else
		d=${o%/*}
		while [[ ${KB_OBJS[$d]:-} != *" $o "* ]]; do
			[[ $d == */* ]] || return 1
			d=${d%/*}
		done
	fi
	child=$d
	while [[ $child == */* ]]; do
		d=${child%/*}
		if [ -n "${KB_DIRS[$d]+set}" ] &&
			[[ ${KB_DIRS[$d]} != *" $child "* ]] &&
			[[ ${KB_OBJS[$d]} != *" $child/built-in.a "* ]]; then
			return 1
		fi
		child=$d
	done
	return 0
}

# Units affected by the changed headers (and .c files #included by other
# .c files): candidates from a transitive #include search, kept when
# Kbuild builds them in this config and the compiler's dependency list
# (preprocessing with the unit's exact flags) names one of the headers.
# Prints the units; $SCR/hmatch gets "UNIT HEADER..." (what each names).
# The query log ($SCR/log/query-h) also tells whether the changed .c
# files among the headers are built themselves (their X.i is a goal).
header_units() {
	local hdrs=("$@") cands=() u n selfc=() h
	# more than 4000 candidates: too many units to rebuild
	find_includers --max 4000 --by-distance "${hdrs[@]}" >"$SCR/cands-near"
	sort "$SCR/cands-near" >"$SCR/cands"
	mapfile -t cands <"$SCR/cands"
	for h in "${hdrs[@]}"; do
		[[ $h != *.c ]] || selfc+=("${h%.c}.i")
	done
	: >"$SCR/hmatch"
	n=${#cands[@]}
	step "headers ${hdrs[*]}: $n candidate units by #include; checking" \
		"which this config builds and includes them"
	[ "$n" -gt 0 ] || return 0
	mkdir -p "$SCR/hdeps"
	if [ "$n" -gt "$MAX_UNITS" ]; then
		local near=()
		mapfile -t near <"$SCR/cands-near"
		header_sample "${hdrs[@]}" -- "${near[@]}"
	fi
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${cands[@]/%.c/.i}" "${selfc[@]}" \
			>"$SCR/log/query-h" 2>&1
		for u in "${cands[@]}"; do
			local c
			c=${u%/*}/.$(basename "${u%.c}").i.cmd
			[ ! -f "$TREE/$c" ] || cp "$TREE/$c" "$SCR/hdeps/${c//\//_}"
		done
	) 9>"$LOCK"
	parse_kbuild_query "$SCR/log/query-h"
	local failed=() unbuilt=()
	for u in "${cands[@]}"; do
		local o=${u%.c}.o c cmdf
		if ! is_built "$o"; then
			unbuilt+=("$u")
			continue
		fi
		c=${u%/*}/.$(basename "${u%.c}").i.cmd
		cmdf=$SCR/hdeps/${c//\//_}
		if [ -f "$cmdf" ]; then
			unit_names "$u" "$cmdf" "${hdrs[@]}"
		else
			failed+=("$u")
		fi
	done
	[ ${#unbuilt[@]} -eq 0 ] || claimed_header_units "${hdrs[@]}" -- \
		"${unbuilt[@]}"
	[ ${#failed[@]} -gt 0 ] || return 0
	# Kbuild makes generated headers (e.g. ksmbd's *.asn1.h) prerequisites
	# of the object only, so X.i can fail where X.o builds: build those
	# objects (as compile_units would) and read the same list in X.o.cmd
	step "${#failed[@]} unit(s) do not preprocess alone; building them:" \
		"${failed[*]}"
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${failed[@]/%.c/.o}" >"$SCR/log/query-h-o" 2>&1
		for u in "${failed[@]}"; do
			local c
			c=${u%/*}/.$(basename "${u%.c}").o.cmd
			[ ! -f "$TREE/$c" ] || cp "$TREE/$c" "$SCR/hdeps/${c//\//_}"
		done
	) 9>"$LOCK"
	for u in "${failed[@]}"; do
		local c cmdf
		c=${u%/*}/.$(basename "${u%.c}").o.cmd
		cmdf=$SCR/hdeps/${c//\//_}
		[ -f "$cmdf" ] ||
			die "$u: neither preprocessing nor compiling it works" \
				"(see $SCR/log/query-h and $SCR/log/query-h-o)"
		unit_names "$u" "$cmdf" "${hdrs[@]}"
	done
	return 0
}

# header_sample HEADER... -- CANDIDATE...: more candidates than
# --max-units: count, before preprocessing them all, whether more than
# --max-units of them are built and include the headers, and refuse at
# once when they are.  The candidates come nearest first (find-includers
# --by-distance: direct includers, which include the header in nearly
# every config, then through one other header...); up to 2 x --max-units
# of them are preprocessed in batches, stopping as soon as more than
# --max-units include the headers (refused: each counted unit does, so the
# count is a lower bound, never an estimate) or as soon as the rest of the
# budget cannot get there (the full run goes on).  Whether a unit is built
# is asked first (no compile); a built unit is preprocessed only when the
# cached tree has no dependency list of it yet (cached_deps: a second
# decision on the same header compiles nothing).  neighbour.h: 3326 candidates, refused after
# 150 preprocessed (a whole even sample of 196 took 4.5 minutes on a
# loaded 2-core machine, all 3326 over 7).
header_sample() {
	local hdrs=() cands=() batch=() fresh=() u c got=0 done=0 rc budget size
	local memo='' why
	while [ "$1" != -- ]; do
		hdrs+=("$1")
		shift
	done
	shift
	cands=("$@")
	# --update-to's triage runs (UPD_MEMO): a refusal of the same
	# headers is the same in every run (the tree's sources do not change
	# within it): libata.h's 177 candidates were counted again for each
	# of the ~50 changed ata drivers needing it
	if [ -n "${UPD_MEMO:-}" ]; then
		memo=$UPD_MEMO/sample-$MAX_UNITS-$(printf '%s\n' "${hdrs[@]}" |
			sort | sha1sum | cut -c1-16)
		[ ! -s "$memo" ] || die "$(cat "$memo")"
	fi
	budget=$((2 * MAX_UNITS))
	[ "$budget" -le ${#cands[@]} ] || budget=${#cands[@]}
	size=$(((MAX_UNITS + 1) / 2))
	[ "$size" -ge 8 ] || size=8
	while [ "$done" -lt "$budget" ] && [ "$got" -le "$MAX_UNITS" ] &&
		[ $((got + budget - done)) -gt "$MAX_UNITS" ]; do
		# the first batch: as many as could all count; then halves
		batch=("${cands[@]:done:$((done ? size : MAX_UNITS + 1))}")
		[ $((done + ${#batch[@]})) -le "$budget" ] ||
			batch=("${batch[@]:0:$((budget - done))}")
		done=$((done + ${#batch[@]}))
		# built or not: asked without compiling; then only the built
		# ones without a dependency list of their own are preprocessed
		kbuild_query "$SCR/log/query-sample" "${batch[@]/%.c/.o}"
		fresh=()
		for u in "${batch[@]}"; do
			is_built "${u%.c}.o" || continue
			[ -n "$(cached_deps "$u")" ] || fresh+=("$u")
		done
		[ ${#fresh[@]} -eq 0 ] || (
			flock 9
			MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
				kmake -k "${fresh[@]/%.c/.i}" \
				>"$SCR/log/query-sample-i" 2>&1
		) 9>"$LOCK"
		for u in "${batch[@]}"; do
			is_built "${u%.c}.o" || continue
			c=$(cached_deps "$u")
			[ -n "$c" ] || continue
			rc=0
			"$BINDIR/dep-check" --names "$TREE" "$c" "${hdrs[@]}" \
				>"$SCR/log/sample-names" || rc=$?
			[ "$rc" -le 1 ] || die "$u: cannot read $c"
			[ ! -s "$SCR/log/sample-names" ] || got=$((got + 1))
		done
	done
	step "the nearest $done of the ${#cands[@]} candidates:" \
		"$got build and include ${hdrs[*]}"
	[ "$got" -gt "$MAX_UNITS" ] || return 0
	why="${hdrs[*]}: $got units of this config include it, more than"
	why+=" --max-units $MAX_UNITS (counted in a sample of $done of its"
	why+=" ${#cands[@]} candidates): too many to rebuild; patch the users"
	why+=" instead, or raise --max-units"
	if [ -n "$memo" ]; then
		echo "$why" >"$memo.$BASHPID" && mv "$memo.$BASHPID" "$memo"
	fi
	die "$why"
}

# cached_deps UNIT: the dependency list Kbuild wrote for UNIT in the
# cached tree (.X.i.cmd of an earlier query, .X.o.cmd of a build), or
# nothing.  The cached tree's sources never change, so a list once written
# stays true; a -s tree may change under us: nothing is reused there.
cached_deps() {
	local d=$TREE/${1%/*}/. b
	b=$(basename "${1%.c}")
	[ -z "${SRCDIR:-}" ] || return 0
	if [ -f "$d$b.i.cmd" ]; then
		echo "$d$b.i.cmd"
	elif [ -f "$d$b.o.cmd" ]; then
		echo "$d$b.o.cmd"
	fi
}

# claimed_header_units HEADER... -- UNIT...: candidates no directory of
# their own builds may be built by another one's Makefile (claim_search:
# virt/kvm/*.c by arch/x86/kvm): preprocess them through that goal and
# keep them like the others (compile_units builds them the same way)
claimed_header_units() {
	local hdrs=() lines=() cands=() l goal md u c
	while [ "$1" != -- ]; do
		hdrs+=("$1")
		shift
	done
	shift
	claim_search "$@" >"$SCR/claims-h" || exit 1
	mapfile -t lines <"$SCR/claims-h"
	[ ${#lines[@]} -gt 0 ] || return 0
	for l in "${lines[@]}"; do
		cands+=("${l%% *}")
	done
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${cands[@]/%.o/.i}" >"$SCR/log/query-h-claim" 2>&1
		for l in "${lines[@]}"; do
			u=${l##* }
			c=${u%/*}/.$(basename "${u%.c}").i.cmd
			[ ! -f "$TREE/$c" ] || cp "$TREE/$c" "$SCR/hdeps/${c//\//_}"
		done
	) 9>"$LOCK"
	parse_kbuild_query "$SCR/log/query-h-claim"
	declare -A seen=()
	for l in "${lines[@]}"; do
		read -r goal md u <<<"$l"
		[ -z "${seen[$u]:-}" ] || continue
		is_built "$goal" "$md" || continue
		seen[$u]=1
		c=${u%/*}/.$(basename "${u%.c}").i.cmd
		[ -f "$SCR/hdeps/${c//\//_}" ] ||
			die "$u: preprocessing it as $goal failed" \
				"(see $SCR/log/query-h-claim)"
		unit_names "$u" "$SCR/hdeps/${c//\//_}" "${hdrs[@]}"
	done
}

# unit_names UNIT CMDFILE HEADER...: when Kbuild's dependency list names
# some of the headers, print UNIT and record them in $SCR/hmatch.  Paths
# there are the compiler's, e.g. sound/firewire/fireface/../lib.h from
# ff.h's #include "../lib.h": dep-check compares them normalised.
unit_names() {
	local u=$1 cmdf=$2 got rc=0
	shift 2
	got=$("$BINDIR/dep-check" --names "$TREE" "$cmdf" "$@") || rc=$?
	[ "$rc" -le 1 ] || die "$u: cannot read $cmdf"
	[ -n "$got" ] || return 0
	echo "$u ${got//$'\n'/ }" >>"$SCR/hmatch"
	echo "$u"
}

# find_includers [--max N] [--by-distance] FILE...: find-includers' list
# of the .c files that may include them (sorted, or nearest first); an error or more than N stops the build
find_includers() {
	local rc=0 opts=()
	if [ "$1" = --max ]; then
		opts=(--max "$2")
		shift 2
	fi
	if [ "$1" = --by-distance ]; then
		opts+=("$1")
		shift
	fi
	"$BINDIR/find-includers" "${opts[@]}" "$TREE" "$@" \
		2>"$SCR/log/find-includers" || rc=$?
	case $rc in
	0) ;;
	3) die "$(cat "$SCR/log/find-includers"): too many units to rebuild;" \
		"patch the users instead" ;;
	*) die "finding the files that include $*: find-includers failed" \
		"(exit $rc): $(cat "$SCR/log/find-includers")" ;;
	esac
}

find_units() {
	local f hunits=() hdrs=() incc=()
	UNITS=()
	for f in "${CHANGED[@]}"; do
		case $f in
		*.c)
			UNITS+=("$f")
			# a .c #included by other .c files (kernel/sched/
			# build_policy.c: #include "rt.c") is a header for them
			find_includers "$f" >"$SCR/log/includers"
			if [ -s "$SCR/log/includers" ]; then
				hdrs+=("$f")
				incc+=("$f")
				[[ $HDR_IQUOTE == *" -iquote ${f%/*}"* ]] ||
					HDR_IQUOTE+=" -iquote ${f%/*}"
			fi
			;;
		*.h) hdrs+=("$f") ;;
		esac
	done
	if [ ${#hdrs[@]} -gt 0 ]; then
		# in a subshell (its Kbuild query must not change this shell's
		# tables), but its die must stop the build: with a process
		# substitution a refusal or a failed preprocessing went on with
		# no or only some of the units
		(header_units "${hdrs[@]}") >"$SCR/hunits" || exit 1
		mapfile -t hunits <"$SCR/hunits"
		[ ${#hunits[@]} -le "$MAX_UNITS" ] ||
			die "${hdrs[*]}: ${#hunits[@]} units of this config" \
				"include it, more than --max-units $MAX_UNITS:" \
				"too many to rebuild; patch the users instead," \
				"or raise --max-units"
		say "units including ${hdrs[*]} (${#hunits[@]}):"
		[ ${#hunits[@]} -eq 0 ] || printf '    %s\n' "${hunits[@]}" >&2
		for f in "${hunits[@]}"; do
			[[ " ${UNITS[*]} " == *" $f "* ]] || UNITS+=("$f")
		done
		[ ${#incc[@]} -eq 0 ] || included_c_units "${incc[@]}"
	fi
	[ ${#UNITS[@]} -gt 0 ] ||
		die "no unit of this config includes ${hdrs[*]}: nothing to patch"
}

# included_c_units FILE.c...: each changed .c that other units #include
# stays a unit only when Kbuild builds it itself; otherwise the units
# including it are its units (said so, and in the summary: INCLUDED_C),
# and with none it is not built.
INCLUDED_C=()
included_c_units() {
	local f incl keep=() u
	parse_kbuild_query "$SCR/log/query-h"
	for f in "$@"; do
		incl=$(awk -v h="$f" '{ for (i = 2; i <= NF; i++)
			if ($i == h) { printf "%s ", $1; next } }' "$SCR/hmatch")
		incl=${incl% }
		if is_built "${f%.c}.o"; then
			[ -z "$incl" ] ||
				say "$f is a unit and is also #included by: $incl" \
					"(rebuilding both)"
			continue
		fi
		[ -n "$incl" ] ||
			die "$f is not built in the $REL configuration, and no" \
				"unit of it #includes it: nothing to patch there"
		say "$f is not a unit itself: it is #included by $incl," \
			"rebuilding that instead"
		INCLUDED_C+=("$f: #included by $incl (rebuilt)")
		for u in "${UNITS[@]}"; do
			[ "$u" = "$f" ] || keep+=("$u")
		done
		UNITS=("${keep[@]}")
		keep=()
	done
}

# A changed .c in a directory without a Makefile or Kbuild is built, if
# at all, by another directory: an ancestor listing dir/x.o (nothing to
# change) or one whose Makefile names it by a relative path
# (arch/x86/kvm includes virt/kvm/Makefile.kvm: KVM ?= ../../../virt/kvm,
# kvm-y := $(KVM)/kvm_main.o).  Kbuild must build it through that
# directory (its flags, its module): UNIT_GOAL[UNIT] becomes that path,
# arch/x86/kvm/../../../virt/kvm/kvm_main.o.  Candidates: directories whose
# makefiles mention the unit's directory; Kbuild's query decides.
declare -A UNIT_GOAL UNIT_GOAL_DIR

# has_makefile DIR: has DIR of the tree a Makefile or Kbuild file (of
# its own, or a fragment another one includes: nouveau's dispnv50/Kbuild)?
has_makefile() {
	[ -f "$TREE/$1/Makefile" ] || [ -f "$TREE/$1/Kbuild" ]
}

# claim_search UNIT...: "GOAL DIR UNIT" for each directory DIR whose
# makefiles mention the directory of UNIT (one without a Makefile or
# Kbuild), GOAL the unit's object as a path from DIR
claim_search() {
	local u d mf md n rc
	declare -A mfs=()
	for u in "$@"; do
		d=${u%/*}
		! has_makefile "$d" || continue
		if [ -z "${mfs[$d]+set}" ]; then
			rc=0
			(cd "$TREE" && grep -rlF --include=Makefile \
				--include='Makefile.*' --include=Kbuild \
				--exclude-dir=Documentation --exclude-dir=tools \
				--exclude-dir=scripts --exclude-dir=.git -e "$d" .) \
				>"$SCR/log/claim-grep" || rc=$?
			# 1: no makefile mentions it
			[ "$rc" -le 1 ] ||
				die "searching the makefiles that build $u failed"
			mfs[$d]=$(sort "$SCR/log/claim-grep")
		fi
		n=0
		while IFS= read -r mf; do
			[ -n "$mf" ] || continue
			md=${mf#./}
			md=${md%/*}
			case $md in
			"$d" | "$d"/*) continue ;;
			arch/x86/* | arch/x86) ;;
			arch/*) continue ;;
			esac
			n=$((n + 1))
			[ "$n" -le 20 ] || break
			echo "$md/$(realpath -ms --relative-to="$TREE/$md" \
				"$TREE/${u%.c}.o") $md $u"
		done <<<"${mfs[$d]}"
	done
}

# claim_units: UNIT_GOAL/UNIT_GOAL_DIR for the units built that way
claim_units() {
	local goal md u cands=() lines=()
	(claim_search "${UNITS[@]}") >"$SCR/claims" || exit 1
	mapfile -t lines <"$SCR/claims"
	[ ${#lines[@]} -gt 0 ] || return 0
	for goal in "${lines[@]}"; do
		cands+=("${goal%% *}")
	done
	step "finding which directory builds $(printf '%s\n' "${lines[@]}" |
		awk '{ print $3 }' | sort -u | tr '\n' ' ')(candidates:" \
		"${cands[*]})"
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${cands[@]/%.o/.i}" >"$SCR/log/query-claim" 2>&1
	) 9>"$LOCK"
	parse_kbuild_query "$SCR/log/query-claim"
	for goal in "${lines[@]}"; do
		read -r goal md u <<<"$goal"
		[ -z "${UNIT_GOAL[$u]:-}" ] || continue
		is_built "$goal" "$md" || continue
		UNIT_GOAL[$u]=$goal
		UNIT_GOAL_DIR[$u]=$md
		say "$u is built by $md's Makefile (as $goal)"
		# __FILE__ is what that build saw: the path as written there
		if [ -f "$SCR/a/$u" ] && [ -f "$SCR/lined/$u" ]; then
			line_map "$u" "${goal%.o}.c"
		fi
	done
}

# ORIG_READY[GOAL]: GOAL (dir/unit.o) is made in the tree with this run's
# flags already (--update-to compiles every candidate's original in one
# Kbuild run first: update_orig_batch); compile_units then copies it
# without running Kbuild (which would find it up to date)
declare -A ORIG_READY

# Compile the original objects with Kbuild (cached in the tree), learn
# from Kbuild which binary each belongs to, then compile the patched ones
# with the same command line.
compile_units() {
	local u o goals=() cmdf g
	claim_units
	for u in "${UNITS[@]}"; do
		goals+=("${UNIT_GOAL[$u]:-${u%.c}.o}")
	done
	# whether each is built at all, asked before anything is compiled: a
	# unit of a directory this config descends into but does not build
	# (drivers/firmware/arm_scmi/bus.c with ARM_SCMI_PROTOCOL unset) may
	# not even compile
	local ask=()
	for g in "${goals[@]}"; do
		[ -n "${KB_OBJS[${g%/*}]+set}" ] || ask+=("$g")
	done
	[ ${#ask[@]} -eq 0 ] || kbuild_query "$SCR/log/query-built" "${ask[@]}"
	for u in "${UNITS[@]}"; do
		unit_is_built "$u" ||
			die "$u is not built in the $REL configuration:" \
				"nothing to patch there"
	done
	# made already in this run (ORIG_READY): no Kbuild run of its own
	local ready=1
	for g in "${goals[@]}"; do
		[ -n "${ORIG_READY[$g]:-}" ] || ready=0
	done
	if [ "$ready" = 1 ]; then
		step "original unit(s) compiled by the batch: ${goals[*]}"
	else
		step "compiling ${#UNITS[@]} original unit(s) with Kbuild: ${goals[*]}"
	fi
	: >"$SCR/log/orig"
	# copy the objects and their commands out while holding the lock
	if ! (
		flock 9
		[ "$ready" = 1 ] || MAKEFILES=$LIBDIR/kbuild-query.mk \
			SUTURE_QUERY=1 kmake "${goals[@]}" >"$SCR/log/orig" 2>&1 ||
			exit 1
		for u in "${UNITS[@]}"; do
			o=${u%.c}.o
			g=${UNIT_GOAL[$u]:-$o}
			mkdir -p "$SCR/orig/${o%/*}"
			cp "$TREE/$g" "$SCR/orig/$o" &&
				cp "$TREE/${g%/*}/.${g##*/}.cmd" "$SCR/orig/$o.cmd" ||
				exit 1
		done
	) 9>"$LOCK"; then
		grep -v '^SUTURE-KBUILD' "$SCR/log/orig" | tail -n 30 >&2
		die "compiling the original units failed (above)"
	fi
	parse_kbuild_query "$SCR/log/orig"
	declare -gA UNIT_OBJ UNIT_KO UNIT_CMD
	: >"$SCR/patched/jobs"
	for u in "${UNITS[@]}"; do
		o=${u%.c}.o
		g=${UNIT_GOAL[$u]:-$o}
		cmdf=$SCR/orig/$o.cmd
		local cmd
		cmd=$(sed -n "s|^\(saved\)\?cmd_$g := ||p" "$cmdf")
		[ -n "$cmd" ] || die "no compile command for $o in $cmdf"
		UNIT_CMD[$u]=$cmd
		unit_binary "$u" "$cmd"
		mkdir -p "$SCR/patched/${u%/*}"
		patched_command "$u" "$cmd" >"$SCR/patched/$o.sh"
		if [ -n "${PREBUILT[$u]:-}" ]; then
			prebuilt_unit "$u" "${PREBUILT[$u]}"
			continue
		fi
		echo "$SCR/patched/$o.sh" >>"$SCR/patched/jobs"
	done
	local nj
	nj=$(wc -l <"$SCR/patched/jobs")
	step "compiling $nj patched unit(s)$([ "$nj" = ${#UNITS[@]} ] ||
		echo ", $((${#UNITS[@]} - nj)) taken from the triage")"
	compile_patched
	check_patched_deps
	check_export_crcs
}

# check_export_crcs: with CONFIG_MODVERSIONS Kbuild appends the symbol
# versions (genksyms CRCs of each export's C declaration, the types it
# uses expanded) to the original object's .cmd as "#SYMVER NAME CRC".
# Modules built for the kernel carry those CRCs and call the export the
# old way: an export whose CRC changes in the patched source changes its
# ABI under them, and is refused.  The patched CRCs come from genksyms on
# the patched unit preprocessed with its own command (-E -D__GENKSYMS__).
check_export_crcs() {
	local u o cmd name crc new gk=$TREE/scripts/genksyms/genksyms
	for u in "${UNITS[@]}"; do
		o=${u%.c}.o
		grep '^#SYMVER ' "$SCR/orig/$o.cmd" >"$SCR/log/symver-orig" ||
			continue
		[ -x "$gk" ] || die "$u exports symbols with versions, and" \
			"$gk is missing to check them (make modules_prepare)"
		cmd=$(sed -n '1{s/;.*//;p}' "$SCR/patched/$o.sh")
		cmd=${cmd/ -c / -E -D__GENKSYMS__ }
		cmd=${cmd/ -o $SCR\/patched\/$o / -o $SCR/patched/$o.gk.i }
		cmd=$(sed 's/ -Wp,-MMD,[^ ]*//' <<<"$cmd")
		# genksyms expands the types of headers, not of the source file,
		# which it knows as the first file of the line markers: name the
		# scratch copies as Kbuild's build names the originals (the
		# unit as its #line lines do, a claimed unit by its goal's path)
		name=
		[ ! -f "$SCR/lined/$u" ] ||
			name=$(sed -n '/^#line [0-9]* "/{s/^#line [0-9]* "\(.*\)"$/\1/p;q}' \
				"$SCR/lined/$u")
		if ! (cd "$TREE" && sh -c "$cmd") >"$SCR/log/genksyms" 2>&1 ||
			! sed -i -e "s|^# \([0-9]*\) \"$SCR/lined/$u\"|# \1 \"${name:-$u}\"|" \
				-e "s|^# \([0-9]*\) \"$SCR/lined/|# \1 \"|" \
				"$SCR/patched/$o.gk.i" ||
			! "$gk" -r /dev/null <"$SCR/patched/$o.gk.i" \
				>"$SCR/patched/$o.symver" 2>>"$SCR/log/genksyms"; then
			tail -n 20 "$SCR/log/genksyms" >&2
			die "$u: computing the symbol versions of its exports failed"
		fi
		while read -r _ name crc; do
			new=$(awk -v n="$name" '$2 == n { print $3 }' \
				"$SCR/patched/$o.symver")
			[ -z "$new" ] || [ "$new" = "$crc" ] ||
				die "$u: exported $name changes its symbol version" \
					"($crc -> $new, CONFIG_MODVERSIONS): its" \
					"declaration or a type it uses changed, and" \
					"modules built for the kernel call it the old" \
					"way: this cannot be live-patched"
		done <"$SCR/log/symver-orig"
	done
}

# PREBUILT[UNIT]: the scratch directory of an earlier run of the
# pipeline (--update-to's triage) that compiled UNIT with the same changes
# alone; its patched object is taken as is, its dependency list rewritten
# to name this run's scratch copies (the same files)
declare -A PREBUILT
prebuilt_unit() {
	local u=$1 d=$2 o=${1%.c}.o
	cp "$d/patched/$o" "$SCR/patched/$o" &&
		sed "s|$d/lined/|$SCR/lined/|g" "$d/patched/$o.d" \
			>"$SCR/patched/$o.d" ||
		die "$u: cannot take its object from $d"
	verbose "$u: patched object of the triage run ($d) reused"
}

# compile_patched: run the commands listed in $SCR/patched/jobs
compile_patched() {
	[ -s "$SCR/patched/jobs" ] || return 0
	if ! (cd "$TREE" && xargs -P "$JOBS" -n 1 sh <"$SCR/patched/jobs") \
		>"$SCR/log/patched" 2>&1; then
		tail -n 40 "$SCR/log/patched" >&2
		die "compiling the patched source failed (above)"
	fi
	if [ "$VERBOSE" = 1 ]; then
		cat "$SCR/log/patched" >&2
	fi
}

# Every patched unit's dependency list must name the scratch copy of each
# changed file it includes, never the tree's: a file read from the tree
# (an unchanged header elsewhere, reached through -I or -iquote) that
# includes a changed header by a quoted path next to itself ("../x/y.h")
# finds the tree's original, and the change would be silently missing.
# dep-check (C) names those includers: they are copied into the scratch
# tree too (#line keeps their name; their directory becomes an -iquote of
# the unit, for their other quoted includes) and the unit is compiled
# again, until nothing is missed; a miss no copy can fix is refused.
check_patched_deps() {
	local round i u o bad line f n made missed
	for round in 1 2 3 4 5 6 7 8 9; do
		bad=()
		for i in "${!UNITS[@]}"; do
			u=${UNITS[i]}
			n=0
			"$BINDIR/dep-check" "$TREE" "$SCR/lined" \
				"$SCR/patched/${u%.c}.o.d" "${CHANGED[@]}" \
				>"$SCR/log/deps-$i" || n=$?
			[ "$n" != 0 ] || continue
			[ "$n" = 1 ] || die "$u: cannot read its dependency list" \
				"$SCR/patched/${u%.c}.o.d"
			bad+=("$i")
		done
		[ ${#bad[@]} -gt 0 ] || return 0
		# copies first (one unit's copies can fix another)
		made=0
		for i in "${bad[@]}"; do
			u=${UNITS[i]}
			missed=$(sed -n 's/^missed //p' "$SCR/log/deps-$i" |
				tr '\n' ' ')
			while read -r line; do
				f=${line#copy }
				[ "$f" != "$line" ] && [ ! -e "$SCR/lined/$f" ] ||
					continue
				mkdir -p "$SCR/lined/${f%/*}"
				{
					echo "#line 1 \"$f\""
					cat "$TREE/$f"
				} >"$SCR/lined/$f"
				made=1
				[[ $COPY_IQUOTE == *" -iquote ${f%/*}"* ]] ||
					COPY_IQUOTE+=" -iquote ${f%/*}"
				say "$u reached ${missed}through $f (a quoted" \
					"relative #include, read from the tree):" \
					"copying $f into the scratch tree"
			done <"$SCR/log/deps-$i"
		done
		: >"$SCR/patched/jobs"
		for i in "${bad[@]}"; do
			u=${UNITS[i]}
			o=${u%.c}.o
			if [ "$made" = 0 ]; then
				missed=$(sed -n 's/^missed //p' "$SCR/log/deps-$i" |
					tr '\n' ' ')
				die "$u compiles the original ${missed}from" \
					"$TREE, not the patched copy, and no copy" \
					"in the scratch tree changes that: cannot" \
					"build this change safely"
			fi
			patched_command "$u" "${UNIT_CMD[$u]}" >"$SCR/patched/$o.sh"
			echo "$SCR/patched/$o.sh" >>"$SCR/patched/jobs"
		done
		step "compiling ${#bad[@]} patched unit(s) again"
		compile_patched
	done
	die "units still compiled with original copies of changed files" \
		"after 9 rounds of copying their includers (see $SCR/log/deps-*)"
}
COPY_IQUOTE=
# the directory of what --update-to's triage runs share (update.sh)
UPD_MEMO=

# unit_binary UNIT CMD: vmlinux, or the module KBUILD_MODNAME and its .ko
# (found by name in the target's modules.dep: file names may use '-')
unit_binary() {
	local u=$1 cmd=$2 mod ko
	if [[ " $cmd " == *" -DMODULE "* ]]; then
		mod=$(sed -n "s/.*-DKBUILD_MODNAME='\"\([^\"]*\)\"'.*/\1/p" <<<"$cmd")
		[ -n "$mod" ] ||
			die "$u: cannot tell its module from Kbuild's command"
		# Kbuild names an object linked into several modules by all
		# of them ("liquidio:liquidio_vf")
		[[ $mod != *:* ]] ||
			die "$u is linked into several modules (${mod//:/, }):" \
				"a change to it cannot be live-patched yet (each" \
				"module has its own copy of its functions); patch" \
				"the functions that call it in each module instead"
		ko=$(awk -F: -v m="$mod" '{
			n = $1; sub(/.*\//, "", n); sub(/\.ko.*$/, "", n)
			gsub(/-/, "_", n)
			if (n == m) { print $1; exit }
		}' "$MODDIR/modules.dep")
		if [ -z "$ko" ] || [ ! -f "$MODDIR/$ko" ]; then
			die "$u is part of module $mod, which is not" \
				"installed in $MODDIR"
		fi
		UNIT_OBJ[$u]=$mod
		UNIT_KO[$u]=$MODDIR/$ko
	else
		UNIT_OBJ[$u]=vmlinux
		UNIT_KO[$u]=
	fi
	verbose "$u -> ${UNIT_OBJ[$u]}"
}

# scratch_first " -iquote DIR...": each DIR preceded by its scratch copy
# (DIR is there for the unchanged neighbours of a changed header; a unit
# of another directory that includes the header by a quoted name,
# hw_atl2/hw_atl2.c's "aq_ring.h" through -I of atlantic/, would find
# the tree's original in DIR before any -I)
scratch_first() {
	local w out=''
	for w in $1; do
		[ "$w" != -iquote ] || continue
		[ ! -d "$SCR/lined/$w" ] || out+=" -iquote $SCR/lined/$w"
		out+=" -iquote $w"
	done
	printf '%s' "$out"
}

# patched_command UNIT CMD: the Kbuild command of UNIT's original object,
# rewritten to compile the patched source (or the original source against
# patched headers) into the scratch directory.
patched_command() {
	local u=$1 cmd=$2 o=${1%.c}.o w p out words=() dir=${1%/*} g gs
	out=$SCR/patched/$o
	# the paths as Kbuild wrote them (another directory's goal: claim_units)
	g=${UNIT_GOAL[$u]:-$o}
	gs=${g%.o}.c
	local gcc_part=${cmd%%;*} rest=
	[[ $cmd == *";"* ]] && rest=${cmd#*;}
	read -ra words <<<"$gcc_part"
	local sep=
	for w in "${words[@]}"; do
		# "-I DIR" (arch/x86/kvm: -I $(srctree)/arch/x86/kvm) is -IDIR
		if [ "$w" = -I ]; then
			sep=1
			continue
		fi
		[ -z "$sep" ] || w=-I$w
		sep=
		case $w in
		-Wp,-MMD,*) w="-Wp,-MMD,$out.d" ;;
		-I*)
			# the scratch tree first, for every directory of the
			# tree: a changed header reached through one with a
			# "../" path (<../drivers/ata/ahci.h> from -I./include,
			# drivers/block/mtip32xx) is then the patched copy
			p=${w#-I}
			p=${p#./}
			if [[ $p != /* ]] && [ -d "$TREE/$p" ]; then
				mkdir -p "$SCR/lined/$p"
				w="-I$SCR/lined/$p $w"
			elif [ -d "$SCR/lined/$p" ]; then
				w="-I$SCR/lined/$p $w"
			fi
			;;
		"$g") w=$out ;;
		"$gs")
			# Always compile from the scratch copy: #include "x.h"
			# looks next to the file first, where a patched x.h is;
			# unpatched neighbours (of the unit and of each patched
			# header) stay reachable through -iquote.
			if [ ! -f "$SCR/lined/$u" ]; then
				mkdir -p "$SCR/lined/$dir"
				{
					echo "#line 1 \"$u\""
					cat "$TREE/$u"
				} >"$SCR/lined/$u"
			fi
			# (the unit's own directory too: define_trace.h's
			# #include "./trace.h" of TRACE_INCLUDE_PATH . finds
			# trace.h there, and its "state.h" next to it)
			w="$(scratch_first " -iquote $dir$HDR_IQUOTE$COPY_IQUOTE") -I$PATCH_SRC $SCR/lined/$u"
			;;
		*)
			p=${w#./}
			[ -f "$SCR/lined/$p" ] && [[ $p == *.h ]] &&
				w=$SCR/lined/$p
			;;
		esac
		printf '%s ' "$w"
	done
	if [ -n "$rest" ]; then
		# objtool (and whatever Kbuild runs after the compiler) on our copy
		printf '; %s' "${rest//" $g"/" $out"}"
	fi
	echo
}

# syscall_hint LOG: a refused __do_sys_NAME is a SYSCALL_DEFINE body
# (static inline, so notrace when kept out of line); say what to write
syscall_hint() {
	local f
	sed -n 's/.*changed function __do_sys_\([A-Za-z0-9_]*\) has no ftrace entry.*/\1/p' \
		"$1" | while read -r f; do
		echo "livepatch-build: hint: __do_sys_$f is the body of" \
			"SYSCALL_DEFINEn($f, ...), which ftrace cannot redirect:" \
			"in the patch, #include \"kpatch-syscall.h\" and write" \
			"KPATCH_SYSCALL_DEFINEn($f, ...) instead" >&2
	done
}

# static_key_hint LOG OBJ: a jump label on a static key local to the unit
# (of OBJ, vmlinux or a module), or global but not exported, cannot be
# kept; static_key_enabled() reads the key instead.  --format klp wires
# jump labels on vmlinux keys only (the kernel applies a module's
# livepatch relocations after that module's jump labels are set up).
static_key_hint() {
	local k m
	sed -n -e "s/.*__jump_table entry of an included function uses \([A-Za-z0-9_.]*\), local to the original object.*/\1 $2/p" \
		-e 's/.*the patched code uses static key \([A-Za-z0-9_.]*\) of module \([A-Za-z0-9_]*\), which is not exported.*/\1 \2/p' \
		-e 's/.*the patched code uses static key \([A-Za-z0-9_.]*\), which is not exported.*/\1 vmlinux/p' \
		"$1" | sort -u | while read -r k m; do
		local klp=''
		[ "$m" != vmlinux ] || klp=", or build with --format klp (the kernel applies its vmlinux relocations before jump labels are set up)"
		echo "livepatch-build: hint: $k is a static key the patch" \
			"module cannot link to: in the changed function(s), write" \
			"static_key_enabled(&${k%%.*}) instead of" \
			"static_branch_likely/unlikely(&${k%%.*}) (a plain read" \
			"of the key, which suture.ko resolves)$klp" >&2
	done
}

# strip_objtool_tables OBJ: when the target's Kbuild runs objtool on the
# linked module (CONFIG_X86_KERNEL_IBT or CONFIG_LTO_CLANG: 6.12), it does
# so on the patch module too, and skips every table an input object
# already has ("file already has .orc_unwind section, skipping"): a diff
# object made from a unit objtool did run on (a single-object module such
# as binfmt_misc) would leave the glue's code without ORC and call sites.
# objtool writes them all for the whole module then: drop the unit's.
strip_objtool_tables() {
	grep -qE '^CONFIG_(X86_KERNEL_IBT|LTO_CLANG)=y' "$CONFIG" || return 0
	local s args=()
	for s in .orc_unwind .orc_unwind_ip .return_sites .retpoline_sites \
		.call_sites .ibt_endbr_seal; do
		args+=(--remove-section="$s" --remove-section=".rela$s")
	done
	objcopy "${args[@]}" "$1" ||
		die "$1: cannot remove objtool's tables (objcopy)"
}

diff_units() {
	local u o out n=0 rc v=()
	DIFFS=()
	# -v: why inline copies are new and their callers replaced
	[ "$VERBOSE" = 0 ] || v=(-v)
	: >"$SCR/diff/summary"
	local -a CDO_OUT=()
	for u in "${UNITS[@]}"; do
		o=${u%.c}.o
		out=$SCR/diff/$(printf '%s' "$o" | tr '/' '_')
		rc=0
		"$BINDIR/create-diff-object" "${v[@]}" "${ALLOW_LAYOUT[@]}" "${CDO_FLAGS[@]}" \
			"$SCR/orig/$o" \
			"$SCR/patched/$o" "$out" >"$SCR/log/cdo-$n" 2>&1 || rc=$?
		[ "$VERBOSE" = 0 ] || sed "s|^|    $u: |" "$SCR/log/cdo-$n" >&2
		[ "$VERBOSE" = 1 ] || sed -n "s|^create-diff-object: \(.*allowed by --allow-layout-change\)|    $u: \1|p" \
			"$SCR/log/cdo-$n" >&2
		case $rc in
		0) CDO_OUT[n]=$out ;;
		1) verbose "$u: no functional change" ;;
		*)
			sed "s|^|    |" "$SCR/log/cdo-$n" >&2
			syscall_hint "$SCR/log/cdo-$n"
			static_key_hint "$SCR/log/cdo-$n" "${UNIT_OBJ[$u]}"
			die "$u: create-diff-object refused the change (above)"
			;;
		esac
		n=$((n + 1))
	done
	[ ${#CDO_OUT[@]} -gt 0 ] ||
		die "the patches change no function in the compiled code"
	# globals the diff objects define: resolved inside the patch module
	nm -g --defined-only "${CDO_OUT[@]}" 2>/dev/null |
		awk 'NF == 3 { print $3 }' | sort -u >"$SCR/diff/defined"
	local symvers=(-s "$KDIR/Module.symvers")
	[ ! -f "$CORE_SYMVERS" ] || symvers+=(-s "$CORE_SYMVERS")
	for n in "${!CDO_OUT[@]}"; do
		u=${UNITS[n]}
		o=${u%.c}.o
		local fixed=$SCR/module/suture_diff_$n.o kopt=() ko
		if [ "${UNIT_OBJ[$u]}" != vmlinux ]; then
			ko=${UNIT_KO[$u]}
			case $ko in
			*.xz) xz -dc "$ko" >"$SCR/diff/$n.ko"; ko=$SCR/diff/$n.ko ;;
			*.zst) zstd -qdc "$ko" >"$SCR/diff/$n.ko"; ko=$SCR/diff/$n.ko ;;
			*.gz) gzip -dc "$ko" >"$SCR/diff/$n.ko"; ko=$SCR/diff/$n.ko ;;
			esac
			kopt=(-t "${UNIT_OBJ[$u]}" -k "$ko")
		fi
		# exact positions of duplicated local names: lib/positions.sh
		if ! gen_exact "$n" "$u" "${GEN_FLAGS[@]}" -m "$SYSMAP" "${symvers[@]}" \
			-e "$SCR/diff/defined" -r "$SCR/orig/$o" "${kopt[@]}" \
			-u "$u" -o "$fixed" "${CDO_OUT[n]}"; then
			sed "s|^|    |" "$SCR/log/gen-$n" >&2
			static_key_hint "$SCR/log/gen-$n" "${UNIT_OBJ[$u]}"
			die "$u: the change cannot be made into a safe live patch"
		fi
		# warnings
		[ ! -s "$SCR/log/gen-$n" ] || sed "s|^|    |" "$SCR/log/gen-$n" >&2
		strip_objtool_tables "$fixed"
		# modpost reads each object's .cmd (symbol CRCs): none here
		echo "cmd_suture_diff_$n.o := livepatch-build" \
			>"$SCR/module/.suture_diff_$n.o.cmd"
		DIFFS+=("suture_diff_$n.o")
	done
	step "diffed ${#UNITS[@]} unit(s): ${#DIFFS[@]} with changes"
}
