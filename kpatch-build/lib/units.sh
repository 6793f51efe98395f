# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# livepatch-build: apply the patches to a scratch copy, find the affected
# translation units and their binaries, compile them twice, diff them.

LINE_FMT=(--unchanged-group-format=$'\001K %df\n%='
	--changed-group-format=$'\001C\n%>'
	--new-group-format=$'\001C\n%>'
	--old-group-format=$'\001C\n')

# Files a patch touches (-p1 paths), one per line.
patch_files() {
	local p=$1 line old=
	while IFS= read -r line; do
		case $line in
		'--- '*)
			old=${line#--- }
			old=${old%%$'\t'*}
			;;
		'+++ '*)
			local new=${line#+++ }
			new=${new%%$'\t'*}
			[ "$old" != /dev/null ] ||
				die "$p creates ${new#*/}: new files cannot be" \
					"live-patched (put new code in an existing file)"
			[ "$new" != /dev/null ] ||
				die "$p deletes ${old#*/}: cannot be live-patched"
			echo "${new#*/}"
			;;
		esac
	done <"$p"
}

stage_patches() {
	local p f
	FILES=()
	for p in "${PATCHES[@]}"; do
		while IFS= read -r f; do
			[[ " ${FILES[*]} " == *" $f "* ]] || FILES+=("$f")
		done < <(patch_files "$p")
	done
	[ ${#FILES[@]} -gt 0 ] || die "${PATCHES[*]}: no file changes found"
	for f in "${FILES[@]}"; do
		[[ $f != *..* && $f != /* ]] || die "bad path in patch: $f"
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
		if [[ $f == *.h ]] && [[ $HDR_IQUOTE != *" -iquote ./${f%/*}"* ]]; then
			HDR_IQUOTE+=" -iquote ./${f%/*}"
		fi
		# keep every unchanged line at its original number
		mkdir -p "$SCR/lined/${f%/*}"
		diff "${LINE_FMT[@]}" "$SCR/a/$f" "$SCR/b/$f" |
			"$BINDIR/keep-lines" "$f" >"$SCR/lined/$f" || true
		[ -s "$SCR/lined/$f" ] || die "line mapping of $f failed"
	done
	[ ${#CHANGED[@]} -gt 0 ] || die "the patches change nothing"
	copy_header_neighbours
	step "patches applied to a scratch copy: ${CHANGED[*]}"
}

# A patched header is often reached through an unchanged header of its
# own directory (fs/ext4/ext4.h: #include "extents_status.h"), and a quoted
# #include looks next to the including file first: that neighbour must
# be a scratch copy too, else it includes the tree's original.  Copy every
# other header of those directories (#line keeps their name).
copy_header_neighbours() {
	local f d h
	declare -A done_dirs=()
	for f in "${CHANGED[@]}"; do
		[[ $f == *.h ]] || continue
		d=${f%/*}
		[ -z "${done_dirs[$d]+set}" ] || continue
		done_dirs[$d]=1
		for h in "$TREE/$d"/*.h; do
			[ -f "$h" ] || continue
			h=$d/${h##*/}
			[ ! -e "$SCR/lined/$h" ] || continue
			{
				echo "#line 1 \"$h\""
				cat "$TREE/$h"
			} >"$SCR/lined/$h"
		done
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

# is_built dir/foo.o: does Kbuild build this object in this config?
is_built() {
	local o=$1 d child
	d=${o%/*}
	[ -n "${KB_OBJS[$d]+set}" ] || return 1
	[[ ${KB_OBJS[$d]} == *" $o "* ]] || return 1
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

# Units affected by the changed headers: candidates from a transitive
# #include search, kept when Kbuild builds them in this config and the
# compiler's dependency list (preprocessing with the unit's exact flags)
# names one of the headers.
header_units() {
	local hdrs=("$@") cands=() u n
	mapfile -t cands < <("$BINDIR/find-includers" "$TREE" "${hdrs[@]}")
	n=${#cands[@]}
	step "headers ${hdrs[*]}: $n candidate units by #include; checking" \
		"which this config builds and includes them"
	[ "$n" -le 4000 ] ||
		die "${hdrs[*]} is included by $n source files: too many" \
			"units to rebuild; patch the users instead"
	[ "$n" -gt 0 ] || return 0
	mkdir -p "$SCR/hdeps"
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${cands[@]/%.c/.i}" >"$SCR/log/query-h" 2>&1
		for u in "${cands[@]}"; do
			local c
			c=${u%/*}/.$(basename "${u%.c}").i.cmd
			[ ! -f "$TREE/$c" ] || cp "$TREE/$c" "$SCR/hdeps/${c//\//_}"
		done
	) 9>"$LOCK"
	parse_kbuild_query "$SCR/log/query-h"
	local failed=()
	for u in "${cands[@]}"; do
		local o=${u%.c}.o c cmdf
		is_built "$o" || continue
		c=${u%/*}/.$(basename "${u%.c}").i.cmd
		cmdf=$SCR/hdeps/${c//\//_}
		if [ -f "$cmdf" ]; then
			names_header "$cmdf" "${hdrs[@]}" && echo "$u"
		else
			failed+=("$u")
		fi
	done
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
		names_header "$cmdf" "${hdrs[@]}" && echo "$u"
	done
	return 0
}

# names_header CMDFILE HEADER...: does Kbuild's dependency list name one?
names_header() {
	local cmdf=$1 h
	shift
	for h in "$@"; do
		grep -qE "^ +($h|\./$h) \\\\?$" "$cmdf" && return 0
	done
	return 1
}

find_units() {
	local f hunits=() hdrs=()
	UNITS=()
	for f in "${CHANGED[@]}"; do
		case $f in
		*.c) UNITS+=("$f") ;;
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
				"include it, more than --max-units $MAX_UNITS"
		say "units including ${hdrs[*]} (${#hunits[@]}):"
		printf '    %s\n' "${hunits[@]}" >&2
		for f in "${hunits[@]}"; do
			[[ " ${UNITS[*]} " == *" $f "* ]] || UNITS+=("$f")
		done
	fi
	[ ${#UNITS[@]} -gt 0 ] ||
		die "no unit of this config includes ${hdrs[*]}: nothing to patch"
}

# Compile the original objects with Kbuild (cached in the tree), learn
# from Kbuild which binary each belongs to, then compile the patched ones
# with the same command line.
compile_units() {
	local u o goals=() cmdf
	for u in "${UNITS[@]}"; do
		goals+=("${u%.c}.o")
	done
	step "compiling ${#UNITS[@]} original unit(s) with Kbuild: ${goals[*]}"
	# copy the objects and their commands out while holding the lock
	if ! (
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake "${goals[@]}" >"$SCR/log/orig" 2>&1 || exit 1
		for o in "${goals[@]}"; do
			mkdir -p "$SCR/orig/${o%/*}"
			cp "$TREE/$o" "$SCR/orig/$o" &&
				cp "$TREE/${o%/*}/.${o##*/}.cmd" "$SCR/orig/$o.cmd" ||
				exit 1
		done
	) 9>"$LOCK"; then
		grep -v '^SUTURE-KBUILD' "$SCR/log/orig" | tail -n 30 >&2
		die "compiling the original units failed (above)"
	fi
	parse_kbuild_query "$SCR/log/orig"
	declare -gA UNIT_OBJ UNIT_KO
	: >"$SCR/patched/jobs"
	for u in "${UNITS[@]}"; do
		o=${u%.c}.o
		is_built "$o" ||
			die "$u is not built in the $REL configuration: nothing" \
				"to patch there"
		cmdf=$SCR/orig/$o.cmd
		local cmd
		cmd=$(sed -n "s|^\(saved\)\?cmd_$o := ||p" "$cmdf")
		[ -n "$cmd" ] || die "no compile command for $o in $cmdf"
		unit_binary "$u" "$cmd"
		mkdir -p "$SCR/patched/${u%/*}"
		patched_command "$u" "$cmd" >"$SCR/patched/$o.sh"
		echo "$SCR/patched/$o.sh" >>"$SCR/patched/jobs"
	done
	step "compiling ${#UNITS[@]} patched unit(s)"
	if ! (cd "$TREE" && xargs -P "$JOBS" -n 1 sh <"$SCR/patched/jobs") \
		>"$SCR/log/patched" 2>&1; then
		tail -n 40 "$SCR/log/patched" >&2
		die "compiling the patched source failed (above)"
	fi
	if [ "$VERBOSE" = 1 ]; then
		cat "$SCR/log/patched" >&2
	fi
}

# unit_binary UNIT CMD: vmlinux, or the module KBUILD_MODNAME and its .ko
# (found by name in the target's modules.dep: file names may use '-')
unit_binary() {
	local u=$1 cmd=$2 mod ko
	if [[ " $cmd " == *" -DMODULE "* ]]; then
		mod=$(sed -n "s/.*-DKBUILD_MODNAME='\"\([^\"]*\)\"'.*/\1/p" <<<"$cmd")
		[ -n "$mod" ] ||
			die "$u: cannot tell its module from Kbuild's command"
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

# patched_command UNIT CMD: the Kbuild command of UNIT's original object,
# rewritten to compile the patched source (or the original source against
# patched headers) into the scratch directory.
patched_command() {
	local u=$1 cmd=$2 o=${1%.c}.o w p out words=() dir=${1%/*}
	out=$SCR/patched/$o
	local gcc_part=${cmd%%;*} rest=
	[[ $cmd == *";"* ]] && rest=${cmd#*;}
	read -ra words <<<"$gcc_part"
	for w in "${words[@]}"; do
		case $w in
		-Wp,-MMD,*) w="-Wp,-MMD,$out.d" ;;
		-I*)
			p=${w#-I}
			p=${p#./}
			[ -d "$SCR/lined/$p" ] && w="-I$SCR/lined/$p $w"
			;;
		"$o") w=$out ;;
		"$u")
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
			w="-iquote ./$dir$HDR_IQUOTE -I$PATCH_SRC $SCR/lined/$u"
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
		printf '; %s' "${rest//" $o"/" $out"}"
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

# static_key_hint LOG: a jump label on a static key local to the unit,
# or global but not exported, cannot be kept; static_key_enabled() reads
# the key instead
static_key_hint() {
	local k
	sed -n -e 's/.*__jump_table entry of an included function uses \([A-Za-z0-9_.]*\), local to the original object.*/\1/p' \
		-e 's/.*the patched code uses static key \([A-Za-z0-9_.]*\), which is not exported.*/\1/p' \
		"$1" | sort -u | while read -r k; do
		echo "livepatch-build: hint: $k is a static key the patch" \
			"module cannot link to: in the changed function(s), write" \
			"static_key_enabled(&${k%%.*}) instead of" \
			"static_branch_likely/unlikely(&${k%%.*}) (a plain read" \
			"of the key, which suture.ko resolves)" >&2
	done
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
		"$BINDIR/create-diff-object" "${v[@]}" "$SCR/orig/$o" \
			"$SCR/patched/$o" "$out" >"$SCR/log/cdo-$n" 2>&1 || rc=$?
		[ "$VERBOSE" = 0 ] || sed "s|^|    $u: |" "$SCR/log/cdo-$n" >&2
		case $rc in
		0) CDO_OUT[n]=$out ;;
		1) verbose "$u: no functional change" ;;
		*)
			sed "s|^|    |" "$SCR/log/cdo-$n" >&2
			syscall_hint "$SCR/log/cdo-$n"
			static_key_hint "$SCR/log/cdo-$n"
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
		if ! "$BINDIR/create-patch-module" -m "$SYSMAP" "${symvers[@]}" \
			-e "$SCR/diff/defined" -r "$SCR/orig/$o" "${kopt[@]}" \
			-u "$u" -o "$fixed" "${CDO_OUT[n]}" \
			>>"$SCR/diff/summary" 2>"$SCR/log/gen-$n"; then
			sed "s|^|    |" "$SCR/log/gen-$n" >&2
			static_key_hint "$SCR/log/gen-$n"
			die "$u: the change cannot be made into a safe live patch"
		fi
		# warnings
		[ ! -s "$SCR/log/gen-$n" ] || sed "s|^|    |" "$SCR/log/gen-$n" >&2
		# modpost reads each object's .cmd (symbol CRCs): none here
		echo "cmd_suture_diff_$n.o := livepatch-build" \
			>"$SCR/module/.suture_diff_$n.o.cmd"
		DIFFS+=("suture_diff_$n.o")
	done
	step "diffed ${#UNITS[@]} unit(s): ${#DIFFS[@]} with changes"
}
