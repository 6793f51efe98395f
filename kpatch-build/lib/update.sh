# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# livepatch-build --update-to VERSION: the difference between the target's
# Debian build and a newer build of the same series, from the two Debian
# source trees, triaged per changed file and built as one cumulative
# module.  Uses the globals of target.sh (REL, KBUILD_VERSION, CACHE, SCR)
# and the pipeline of units.sh, run once per changed file in a subshell
# (triage), then once for every included file together (the module).

# the Debian series of the target: 6.1.0-55-amd64 -> 6.1
update_series() {
	local v=${REL%%-*}
	echo "${v%.*}"
}

# update_check: TO is a newer build of the target's series that apt
# serves; sets UPD_FROM, UPD_TO, UPD_SERIES, UPD_PKG.  Nothing is fetched
# or built when it is not (for an rt kernel: but the two builds' rt patch
# sets, to compare them).
update_check() {
	local served
	UPD_SERIES=$(update_series)
	UPD_PKG=linux-source-$UPD_SERIES
	UPD_TO=$UPDATE_TO
	UPD_FROM=${KBUILD_VERSION%+b[0-9]*}
	[ "$UPD_FROM" != unknown ] ||
		die "--update-to: the Debian build of $REL is unknown (no" \
			"linux-image-$REL package, no utsversion.h in its" \
			"headers): nothing to update from"
	[[ $UPD_TO =~ ^[0-9][0-9A-Za-z.+~:-]*$ ]] ||
		die "--update-to $UPD_TO: not a Debian version"
	local up=${UPD_TO#*:}
	up=${up%-*}
	case $up in
	"$UPD_SERIES".*) ;;
	*) die "--update-to $UPD_TO is kernel $up, another series than" \
		"$REL ($UPD_SERIES, build $UPD_FROM): a live update stays in" \
		"its series (reboot into the other one)" ;;
	esac
	if ! dpkg --compare-versions "$UPD_TO" gt "$UPD_FROM"; then
		die "--update-to $UPD_TO is not newer than $REL's own build" \
			"$UPD_FROM: nothing to update"
	fi
	served=$(apt-cache madison "$UPD_PKG" 2>/dev/null | awk -F'|' '{
		gsub(/ /, "", $2); print $2 }')
	if ! grep -qxF "$UPD_TO" <<<"$served"; then
		die "--update-to $UPD_TO: apt does not serve $UPD_PKG=$UPD_TO" \
			"(it serves: $(echo "$served" | paste -sd, - |
				sed 's/,/, /g')). Run apt-get update, or" \
			"choose one of those"
	fi
	update_featureset_check
	[ -n "$NAME" ] || NAME=update_$(tr -c 'a-z0-9\n' '_' <<<"${UPD_TO,,}")
	REPLACE=1
}

# update_prefetch: fetch and unpack VERSION's source in the background
# while the target's tree is fetched and prepared (cold: the two
# downloads, the two unpackings and modules_prepare overlap); update_diff
# waits for it (fetch-source's lock makes a second call wait, then find
# it done)
UPD_PREFETCH=
update_prefetch() {
	[ -n "$UPDATE_TO" ] || return 0
	# in its own process group: ended with its tar and apt-get
	setsid "$LIBDIR/fetch-source" --unpack "$UPD_SERIES" "$UPD_TO" \
		"$CACHE/debsrc" >"$SCR/log/prefetch" 2>&1 </dev/null &
	UPD_PREFETCH=$!
	BG_PIDS+=("-$UPD_PREFETCH")
}

# update_diff: fetch and unpack both builds' sources (cached), compare
# their manifests; $SCR/update/changed gets "KIND PATH" per changed file
# (M modified, A added, D removed), and a -p1 patch per live-patchable
# candidate (.c/.h modified) in $SCR/update/p/N.patch
update_diff() {
	local store=$CACHE/debsrc from_manifest
	mkdir -p "$SCR/update/p"
	if [ -z "$SRCDIR" ] && [ -f "$TREE/.suture-manifest" ]; then
		# the prepared tree of the target's build: its sources are
		# that build's, never changed, listed when it was unpacked
		UPD_FROM_SRC=$TREE
		from_manifest=$TREE/.suture-manifest
	else
		local d
		d=$("$LIBDIR/fetch-source" --unpack "$UPD_SERIES" \
			"$UPD_FROM" "$store") || exit 1
		UPD_FROM_SRC=$d/linux
		from_manifest=$d/manifest
	fi
	if [ -n "$UPD_PREFETCH" ] && ! wait "$UPD_PREFETCH"; then
		sed 's/^/    /' "$SCR/log/prefetch" >&2
		die "fetching $UPD_PKG $UPD_TO failed (above)"
	fi
	local p keep=()
	for p in "${BG_PIDS[@]}"; do
		[ "$p" = "-$UPD_PREFETCH" ] || keep+=("$p")
	done
	BG_PIDS=("${keep[@]}")
	UPD_PREFETCH=
	UPD_TO_DIR=$("$LIBDIR/fetch-source" --unpack "$UPD_SERIES" \
		"$UPD_TO" "$store") || exit 1
	awk '
		{ i = index($0, "  ./"); p = substr($0, i + 4); h = substr($0, 1, i - 1) }
		FNR == NR { old[p] = h; next }
		!(p in old) { print "A " p; next }
		old[p] != h { print "M " p }
		{ delete old[p] }
		END { for (p in old) print "D " p }
	' "$from_manifest" "$UPD_TO_DIR/manifest" |
		sort -k2 >"$SCR/update/changed"
	step "update $UPD_FROM -> $UPD_TO: $(wc -l <"$SCR/update/changed")" \
		"file(s) changed"
}

# update_featureset_check: a featureset kernel (rt) is linux-source plus
# Debian's patch set of the featureset; the update is the difference of the
# two builds' linux-source, so it may only be taken when the patch set is
# the same in both builds
update_featureset_check() {
	local fs a b n
	fs=$(debian_featureset "$REL")
	[ -n "$fs" ] || return 0
	a=$("$LIBDIR/fetch-featureset" "$fs" "$UPD_SERIES" "$UPD_FROM" \
		"$CACHE/debsrc") || exit 1
	b=$("$LIBDIR/fetch-featureset" "$fs" "$UPD_SERIES" "$UPD_TO" \
		"$CACHE/debsrc") || exit 1
	if ! n=$(diff -r -q "$a" "$b"); then
		die "Debian's $fs patch set changes between $UPD_FROM and" \
			"$UPD_TO ($(wc -l <<<"$n") file(s) of" \
			"debian/patches-$fs differ): --update-to takes only" \
			"the linux-source changes, so the result would not be" \
			"$UPD_TO's $fs kernel. Write the fixes you need as" \
			".patch files instead"
	fi
	step "Debian's $fs patch set is the same in $UPD_FROM and $UPD_TO"
}

# update_patch FILE: the path of FILE's -p1 patch from the target's
# source to VERSION's (UPD_PATCH[FILE]), made the first time it is asked
# for (of a stable update's ~2000 files, --only triages a few; the
# triage's runs ask concurrently: written under another name first)
update_patch() {
	local p=${UPD_PATCH[$1]} rc=0
	# (this shell's pid: a redirection of diff would expand it in diff)
	local tmp=$p.$BASHPID
	if [ ! -f "$p" ]; then
		diff -u --label "a/$1" --label "b/$1" "$UPD_FROM_SRC/$1" \
			"$UPD_TO_DIR/linux/$1" >"$tmp" || rc=$?
		[ "$rc" = 1 ] || die "diff of $1 between $UPD_FROM and" \
			"$UPD_TO failed (exit $rc; 0: no difference)"
		mv "$tmp" "$p"
	fi
	echo "$p"
}

# kind of a file that cannot be live-patched
update_kind() {
	case $1 in
	*Kconfig* | *Makefile* | *Kbuild* | *.mk) echo "build configuration" ;;
	*.S | *.s) echo assembly ;;
	*.rs) echo Rust ;;
	Documentation/*) echo documentation ;;
	*.dts | *.dtsi) echo "device tree" ;;
	*.c | *.h) echo source ;;
	*) echo other ;;
	esac
}

# update_changelog: the Debian changelog entries after UPD_FROM up to
# UPD_TO, from UPD_TO's changelog.Debian.gz, into $SCR/update/changelog
update_changelog() {
	local cl=$UPD_TO_DIR/changelog.Debian.gz
	: >"$SCR/update/changelog"
	if [ ! -f "$cl" ]; then
		say "warning: $UPD_PKG $UPD_TO has no changelog.Debian.gz"
		return 0
	fi
	local line ver keep=0
	while IFS= read -r line; do
		if [[ $line =~ ^[a-z0-9][a-z0-9.+-]*\ \(([^\)]*)\) ]]; then
			ver=${BASH_REMATCH[1]}
			keep=0
			dpkg --compare-versions "$ver" le "$UPD_FROM" && break
			dpkg --compare-versions "$ver" le "$UPD_TO" && keep=1
		fi
		[ "$keep" = 0 ] || printf '%s\n' "$line"
	done < <(gzip -dc "$cl") | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' \
		>"$SCR/update/changelog"
}

# update_pipeline DIR PATCH...: the pipeline on PATCHes in a subshell
# with DIR as its scratch directory (stdout/stderr in DIR/out, DIR/err;
# its units and changed files in DIR/units, DIR/changed); its status
update_pipeline() {
	local d=$1 rc=0
	shift
	mkdir -p "$d"
	(
		SCR=$d
		mkdir -p "$SCR/a" "$SCR/b" "$SCR/lined" "$SCR/orig" \
			"$SCR/patched" "$SCR/diff" "$SCR/module" "$SCR/log"
		PATCHES=("$@")
		stage_patches
		find_units
		compile_units
		diff_units
		printf '%s\n' "${UNITS[@]}" >"$SCR/units"
		printf '%s\n' "${CHANGED[@]}" >"$SCR/changed"
	) 2>"$d/err" >"$d/out" </dev/null &
	# (not "( ... ) || rc=$?": set -e would be off inside)
	wait $! || rc=$?
	return "$rc"
}

# update_group_run DIR PATCH...: the pipeline on PATCHes in DIR, once per
# set of PATCHes: files whose groups grow into the same set (two kvm
# headers and the kvm units they need) share one run, the later ones
# waiting for it under its lock.  Prints the run's directory; its status
# is in DIR/rc and, when the patched source did not compile, update_needs
# has made DIR/needs-*.
update_group_run() {
	local d=$1 key fd rc=0 why
	shift
	key=$(printf '%s\n' "$@" | sort | sha1sum | cut -c1-16)
	exec {fd}>"$SCR/t/set-$key.lock"
	flock "$fd"
	if [ -f "$SCR/t/set-$key.dir" ]; then
		d=$(cat "$SCR/t/set-$key.dir")
	else
		update_pipeline "$d" "$@" || rc=$?
		why=$(sed -n 's/^livepatch-build: error: //p' "$d/err" | tail -n 1)
		[[ $why != "compiling the patched source failed"* ]] ||
			update_needs "$d"
		echo "$rc" >"$d/rc"
		echo "$d" >"$SCR/t/set-$key.dir"
	fi
	exec {fd}>&-
	echo "$d"
}

# update_failed_units DIR: the units of the triage run DIR whose patched
# compile failed (their object is missing), as .o paths
update_failed_units() {
	local j o
	[ -f "$1/patched/jobs" ] || return 0
	while read -r j; do
		o=${j#"$1"/patched/}
		o=${o%.sh}
		[ -f "$1/patched/$o" ] || echo "$o"
	done <"$1/patched/jobs"
}

# update_needs DIR: the changed candidate files a failed compile of the
# triage run DIR may need as well, in three lists, nearest first:
# DIR/needs-c the failed units that the update changes themselves (a
# header change removing a name its users stop using with the same
# update: hci_uart.h's HCI_UART_CREATE_AMP, hci_ldisc.c) and the changed
# files an error is in (compiled as the target's build has them: a
# member kvm-x86-ops.h drops, that kvm_host.h's old text still names, is
# an error in kvm_host.h, which the update changes too), DIR/needs-named
# the changed headers (and #included .c files) the failed objects were
# compiled from (Kbuild's dependency list) whose change adds a name the
# compiler's errors quote (a new member, a new function), DIR/needs-h
# all of those headers (a stable update changes headers every unit
# includes: fs.h, sched.h, and pulling them in makes the group too wide)
update_needs() {
	local d=$1 o rc h names
	# the --skip'ped files too: a file needing one is refused for it
	local all=("${UPD_CANDS[@]}" "${SKIP_FILES[@]}")
	[ ${#all[@]} -gt 0 ] || return 0
	for o in $(update_failed_units "$d"); do
		[ -z "${UPD_PATCH[${o%.o}.c]:-}" ] || echo "${o%.o}.c" >&3
		[ -f "$d/orig/$o.cmd" ] || continue
		rc=0
		"$BINDIR/dep-check" --names "$TREE" "$d/orig/$o.cmd" \
			"${all[@]}" || rc=$?
		[ "$rc" -le 1 ] || die "triage: cannot read $d/orig/$o.cmd"
	done 3>"$d/needs-c" | sort -u >"$d/needs-h"
	# the changed files the errors are in ("FILE:LINE:COL: error: ...",
	# relative to the tree; a scratch copy, of the group already, is
	# absolute)
	local f
	{ grep -E '^[^ :]+:[0-9]+:[0-9]+: (fatal )?error' "$d/log/patched" \
		2>/dev/null || true; } | cut -d: -f1 | sed 's|^\./||' | sort -u |
		while read -r f; do
			[ -z "${UPD_PATCH[$f]:-}" ] || echo "$f"
		done >>"$d/needs-c"
	sort -u -o "$d/needs-c" "$d/needs-c"
	# the names quoted in the errors: 'x' or ‘x’
	# (no error line or no quoted name: no names; under pipefail a grep
	# finding nothing fails the pipeline, which must not end the run)
	names=$({ grep -E 'error' "$d/log/patched" 2>/dev/null || true; } |
		{ grep -oE "(‘|')[A-Za-z_][A-Za-z0-9_]*(’|')" || true; } |
		tr -d "‘’'" | sort -u | paste -sd'|' -)
	: >"$d/needs-named"
	[ -n "$names" ] || return 0
	# (a header whose change adds none of them is no error either; no
	# grep -q: under pipefail the first grep's SIGPIPE would fail a match)
	while read -r h; do
		[ -n "$h" ] || continue
		if grep -E '^\+' "$(update_patch "$h")" |
			grep -wE "$names" >/dev/null; then
			echo "$h"
		fi
	done <"$d/needs-h" >"$d/needs-named"
}

# update_reason DIR: the reason a triage run failed, from its stderr:
# the last error, with the differ's or generator's lines naming symbols
update_reason() {
	local why r
	why=$(sed -n 's/^livepatch-build: error: //p' "$1/err" | tail -n 1)
	why=${why% (above)}
	r=$(grep -E 'refused|error|cannot|neither' "$1/err" |
		grep -v '^livepatch-build: \[' | grep -v '^livepatch-build: error: ' |
		sed 's/^ *//' | head -n 3 | paste -sd'|' - | sed 's/|/; /g')
	if [ -n "$r" ]; then
		echo "$why: $r"
	else
		echo "$why"
	fi
}

# update_compile_error DIR: the compiler's first error of a triage run
update_compile_error() {
	{ grep -m 1 -E '(error|Error)' "$1/log/patched" 2>/dev/null || true; } |
		sed "s|$1/lined/||g; s/^ *//" | cut -c1-200
}

# update_triage_one N FILE: FILE through the pipeline, grown into a group
# with the changed files it needs to compile (update_needs), until it
# builds or is refused; writes $SCR/t/N.verdict ("FILE<TAB>VERDICT<TAB>
# DETAIL": included with the functions per object, no change, not built,
# refused with the reason naming the file or symbol, or tool error: a
# failure of this tool, never expected) and, when included,
# $SCR/t/N.group (the files of the group, FILE first) and $SCR/t/N.run
# (the run's directory)
update_triage_one() {
	local n=$1 f=$2 d round more m l with='' pats=() why err v detail
	local group=("$2")
	# (a background job: a step of this function failing ends it, set -e;
	# that is a tool error naming the step, never a missing verdict)
	# shellcheck disable=SC2016
	trap 'printf "%s\ttool error\ttriage step failed (update.sh line %s): %s\n" \
		"$f" "$LINENO" "$BASH_COMMAND" >"$SCR/t/$n.verdict"' ERR
	for round in 1 2 3 4 5 6; do
		d=$SCR/t/$n.$round
		pats=()
		for m in "${group[@]}"; do
			pats+=("$(update_patch "$m")")
		done
		[ ${#group[@]} -eq 1 ] ||
			with="with ${group[*]:1} (changed by the update too, needed to compile it): "
		printf '%s\n' "${group[@]}" >"$SCR/t/$n.members"
		d=$(update_group_run "$d" "${pats[@]}")
		if [ "$(cat "$d/rc")" = 0 ]; then
			printf '%s\tincluded\t%s%s\n' "$f" "$with" \
				"$(update_changes "$d")" >"$SCR/t/$n.verdict"
			printf '%s\n' "${group[@]}" >"$SCR/t/$n.group"
			echo "$d" >"$SCR/t/$n.run"
			return 0
		fi
		why=$(sed -n 's/^livepatch-build: error: //p' "$d/err" | tail -n 1)
		[[ $why == "compiling the patched source failed"* ]] || break
		# a compile error: the change needs another change of the
		# same update (a header's new member, a .c using a header's
		# renamed function): take those into the group
		# the nearest of update_needs' lists (made by
		# update_group_run) that adds a file: the changed units
		# themselves, then the headers adding a quoted name, then
		# every changed header they include
		more=()
		for l in needs-c needs-named needs-h; do
			while read -r m; do
				[[ " ${group[*]} " == *" $m "* ]] || more+=("$m")
			done <"$d/$l"
			[ ${#more[@]} -eq 0 ] || break
		done
		[ ${#more[@]} -gt 0 ] || break
		for m in "${more[@]}"; do
			if [[ " ${SKIP_FILES[*]} " == *" $m "* ]]; then
				printf '%s\trefused\t%s\n' "$f" "it needs the change of $m (--skip) to compile" \
					>"$SCR/t/$n.verdict"
				return 0
			fi
		done
		group+=("${more[@]}")
	done
	v=refused
	case $why in
	*"is not built in the "*" configuration"* | \
		*"no unit of this config includes"*)
		v="not built" detail="not built in this config"
		[ ${#group[@]} -eq 1 ] || v=refused detail="$with$why"
		;;
	*"change no function in the compiled code"* | *"change nothing"*)
		v="no change" detail="built, no change in the compiled code"
		[ -z "$with" ] || detail="$with$detail"
		;;
	*"create-diff-object refused"* | *"cannot be made into a safe live patch"* | \
		*"changes its symbol version"* | *"more than --max-units"* | \
		*"too many units"* | *"cannot build this change safely"* | \
		*"new files cannot be live-patched"* | *"cannot be live-patched"* | \
		*"is linked into several modules"*)
		detail="$with$(update_reason "$d")"
		;;
	"compiling the patched source failed"*)
		# every changed .c/.h it depends on is in the group: what is
		# still missing is a change no live patch can carry (a new
		# file, a Makefile's new flag, a generated header)
		err=$(update_compile_error "$d")
		m=$(update_missing_change "$d")
		if [ -n "$m" ]; then
			detail="${with}it does not compile without $m, which the update changes and cannot be live-patched: $err"
		else
			v="tool error"
			detail="${with}does not compile with every changed .c/.h it includes: $err"
		fi
		;;
	*)
		v="tool error"
		detail="$with$(update_reason "$d")"
		;;
	esac
	printf '%s\t%s\t%s\n' "$f" "$v" "$detail" >"$SCR/t/$n.verdict"
}

# update_missing_change DIR: the files of the update that are not
# live-patchable (added, removed, not .c/.h) and that the failed compile
# of the triage run DIR names (a missing new header) or whose directory
# it compiles in (a Makefile's flags)
update_missing_change() {
	local d=$1 k f o names=''
	for o in $(update_failed_units "$d"); do
		names+=" ${o%/*}/"
	done
	while read -r k f; do
		[ "$k" != M ] || [ "$(update_kind "$f")" != source ] || continue
		if grep -qF -- "${f##*/}" "$d/log/patched" 2>/dev/null ||
			{ [[ $f == */Makefile || $f == */Kbuild ]] &&
				[[ $names == *" ${f%/*}/"* ]]; }; then
			echo "$f"
			return 0
		fi
	done <"$SCR/update/changed"
}

# update_missing_syms WHY: the names a refusal says the target lacks
# ("X is neither exported nor a global symbol of ...")
update_missing_syms() {
	{ grep -oE '[A-Za-z_][A-Za-z0-9_.]* is neither exported nor a global symbol' \
		<<<"$1" || true; } | cut -d' ' -f1 | sort -u
}

# update_providers VERDICTS SYM...: the files VERDICTS says are included
# whose change adds a new function named SYM ("OBJ: replaced ..., new SYM")
update_providers() {
	local v=$1
	shift
	awk -F'\t' -v syms=" $* " '
		$2 != "included" { next }
		{ np = split($3, parts, /; /)
		  for (i = 1; i <= np; i++) {
			k = index(parts[i], "new ")
			if (!k) continue
			nn = split(substr(parts[i], k + 4), names, /, /)
			for (j = 1; j <= nn; j++)
				if (index(syms, " " names[j] " ")) { print $1; next }
		  } }' "$v"
}

# update_group_of FILE: the files of FILE's triage group (FILE first)
update_group_of() {
	local n=${UPD_NUM[$1]:-}
	if [ -n "$n" ] && [ -f "$SCR/t/$n.group" ]; then
		cat "$SCR/t/$n.group"
	elif [ -f "$SCR/t/regroup-$n.group" ]; then
		cat "$SCR/t/regroup-$n.group"
	else
		echo "$1"
	fi
}

# update_set_verdict VERDICTS FILE VERDICT DETAIL: FILE's line of the
# verdicts file VERDICTS becomes FILE<TAB>VERDICT<TAB>DETAIL
update_set_verdict() {
	awk -F'\t' -v f="$2" -v v="$3" -v d="$4" \
		'BEGIN { OFS = "\t" } $1 == f { $2 = v; $3 = d } 1' "$1" >"$1.1" &&
		mv "$1.1" "$1"
}

# update_regroup: a file refused alone because it uses a symbol that is
# neither exported nor in the target, a function another changed file of
# the update adds (ocfs2_recovery_stop() new in fs/ocfs2/journal.c, called
# from fs/ocfs2/super.c; hid_safe_input_report() new in
# drivers/hid/hid-core.c, called from drivers/hid/usbhid/hid-core.c), is
# tried again together with the included changes that add it (and their
# groups; more rounds while the run names another such symbol an included
# change adds).  Included when that builds: the module links the call to
# its own new copy.  Passes repeat while a file gets included, since it
# may add the function another file needs (net/rose: af_rose.c calls
# rose_assign_lci(), new in rose_route.c, which calls
# rose_neigh_init_timers(), new in rose_link.c).  A file still failing
# with them says why, with them; with no included change adding the
# symbol its verdict stays as it was
update_regroup() {
	local f v why n d pass round syms provs key p m g pats files progress
	local tmp=$SCR/update/verdicts.new snap=$SCR/update/verdicts.snap
	local -A orig=() tried=()
	grep -q $'\trefused\t.*neither exported nor a global symbol' \
		"$SCR/update/verdicts" || return 0
	while IFS=$'\t' read -r f v why; do
		[ "$v" != refused ] || orig[$f]=$why
	done <"$SCR/update/verdicts"
	cp "$SCR/update/verdicts" "$tmp"
	for pass in 1 2 3 4 5 6; do
		progress=0
		cp "$tmp" "$snap"
		while IFS=$'\t' read -r f v why <&3; do
			[ "$v" = refused ] &&
				[[ $why == *"neither exported nor a global symbol"* ]] ||
				continue
			n=${UPD_NUM[$f]:-}
			[ -n "$n" ] || continue
			syms=$(update_missing_syms "${orig[$f]:-}
$why" | paste -sd' ' -)
			provs=()
			for round in 1 2 3 4; do
				# shellcheck disable=SC2086 # names: split on purpose
				while read -r p; do
					[ -n "$p" ] && [ "$p" != "$f" ] || continue
					[[ " ${provs[*]} " == *" $p "* ]] ||
						provs+=("$p")
				done < <(update_providers "$tmp" $syms)
				key="${provs[*]}"
				# nothing adds it, or tried with the same already
				[ -n "$key" ] && [ "${tried[$f]:-}" != "$key" ] || break
				tried[$f]=$key
				# its own group (the files it needs to compile) and
				# the providers' groups
				files=()
				while read -r m; do
					[[ " ${files[*]} " == *" $m "* ]] || files+=("$m")
				done < <(cat "$SCR/t/$n.members" 2>/dev/null || echo "$f"
					for p in "${provs[@]}"; do update_group_of "$p"; done)
				pats=()
				for m in "${files[@]}"; do
					pats+=("$(update_patch "$m")")
				done
				d=$SCR/t/regroup-$n.$pass.$round
				step "triage $f again, with ${provs[*]} (adding" \
					"$syms, which the target lacks)"
				if update_pipeline "$d" "${pats[@]}"; then
					printf '%s\n' "${files[@]}" \
						>"$SCR/t/regroup-$n.group"
					for g in "${pats[@]}"; do
						[[ " ${UPD_INCLUDED[*]} " == *" $g "* ]] ||
							UPD_INCLUDED+=("$g")
					done
					update_set_verdict "$tmp" "$f" included \
						"with ${provs[*]} (adding $syms): $(update_changes "$d" "$f")"
					progress=1
					break
				fi
				# refused with them: say why, with them
				why="with ${provs[*]}: $(update_reason "$d")"
				update_set_verdict "$tmp" "$f" refused "$why"
				syms=$({ tr ' ' '\n' <<<"$syms"
					update_missing_syms "$why"; } |
					sort -u | paste -sd' ' -)
			done
		done 3<"$snap"
		[ "$progress" = 1 ] || break
	done
	rm -f "$snap"
	mv "$tmp" "$SCR/update/verdicts"
}

# update_changes DIR [UNIT]: "OBJ: replaced f, g; new h" from a triage
# run's generator summary (only UNIT's functions: the generator prints a
# unit's functions, then the unit's own line)
update_changes() {
	awk -F'\t' -v u="${2:-}" '
		$1 == "" { buf[nb++] = $0; next }
		{ if (u == "" || $1 == u) for (i = 0; i < nb; i++) take(buf[i]); nb = 0 }
		function take(l,   a, key) { split(l, a, "\t"); key = a[3]
			if (!(key in seen)) { seen[key] = 1; objs[n++] = key }
			if (a[2] == "replace") { sub(/,[0-9]+$/, "", a[4]); r[key] = r[key] (r[key] ? ", " : "") a[4] }
			else if (a[2] == "new") { nw[key] = nw[key] (nw[key] ? ", " : "") a[4] } }
		END { for (i = 0; i < n; i++) { k = objs[i]
			printf "%s%s: replaced %s", (i ? "; " : ""), k, (r[k] ? r[k] : "none")
			if (nw[k]) printf ", new %s", nw[k] } }
	' "$1/diff/summary"
}

# update_selected FILE: is FILE triaged (every file, or those --only names)
update_selected() {
	[ ${#ONLY_FILES[@]} -eq 0 ] || [[ " ${ONLY_FILES[*]} " == *" $1 "* ]]
}

# update_triage: a verdict per changed file into $SCR/update/verdicts
# (FILE<TAB>VERDICT<TAB>DETAIL); the live-patchable candidates go through
# the pipeline one by one (up to -j at a time), each with the changed
# files it needs to compile (update_triage_one), so one refusal names its
# own file
declare -A UPD_PATCH UPD_RUN UPD_VERDICT UPD_NUM
UPD_CANDS=()
update_triage() {
	local kind f n=0 k s m order=() running=0
	: >"$SCR/update/verdicts"
	UPD_INCLUDED=()
	UPD_CANDS=()
	update_unbuilt
	mkdir -p "$SCR/t" "$SCR/update/memo"
	# what every triage run may reuse (header_sample's refusals)
	UPD_MEMO=$SCR/update/memo
	while read -r k f <&3; do
		kind=$(update_kind "$f")
		order+=("$f")
		if [ "$k" != M ]; then
			s="new file"
			[ "$k" = A ] || s="removed file"
			UPD_VERDICT[$f]=$(printf 'not live-patchable\t%s (%s)' \
				"$s" "$kind")
		elif [ "$kind" != source ]; then
			UPD_VERDICT[$f]=$(printf 'not live-patchable\t%s' "$kind")
		elif [[ " ${SKIP_FILES[*]} " == *" $f "* ]]; then
			UPD_VERDICT[$f]=$(printf 'skipped\t--skip: this fix is NOT live')
			# (its patch: update_needs names a file needing it)
			UPD_PATCH[$f]=$SCR/update/p/skip-${#UPD_PATCH[@]}.patch
		elif [[ $f == arch/* ]] && [ -n "$UPD_ARCH" ] &&
			[[ $f != arch/$UPD_ARCH/* ]]; then
			UPD_VERDICT[$f]=$(printf 'not built\tnot built in this config (%s)' \
				"Kbuild builds arch/$UPD_ARCH only")
		elif [ -n "${UPD_UNBUILT[$f]:-}" ]; then
			UPD_VERDICT[$f]=$(printf 'not built\tnot built in this config')
		else
			n=$((n + 1))
			UPD_PATCH[$f]=$SCR/update/p/$n.patch
			UPD_NUM[$f]=$n
			UPD_CANDS+=("$f")
		fi
	done 3<"$SCR/update/changed"
	local s
	for s in "${SKIP_FILES[@]}"; do
		grep -q " $s\$" "$SCR/update/changed" ||
			die "--skip $s: the update $UPD_FROM -> $UPD_TO does not" \
				"change that file"
	done
	for s in "${ONLY_FILES[@]}"; do
		[ -n "${UPD_PATCH[$s]:-}" ] || [ -n "${UPD_VERDICT[$s]:-}" ] ||
			die "--only $s: the update $UPD_FROM -> $UPD_TO does not" \
				"change that file"
	done
	update_orig_batch
	# the candidates, up to -j triage runs at a time
	n=0
	for f in "${UPD_CANDS[@]}"; do
		n=$((n + 1))
		update_selected "$f" || continue
		if [ "$running" -ge "$JOBS" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		step "triage $f"
		update_triage_one "$n" "$f" &
		running=$((running + 1))
	done
	wait || true
	n=0
	for f in "${UPD_CANDS[@]}"; do
		n=$((n + 1))
		if [ -f "$SCR/t/$n.verdict" ]; then
			UPD_VERDICT[$f]=$(cut -f2- "$SCR/t/$n.verdict")
		elif ! update_selected "$f"; then
			UPD_VERDICT[$f]=$(printf 'not selected\t--only: not triaged, this fix is NOT live')
		else
			UPD_VERDICT[$f]=$(printf 'tool error\tits triage run left no verdict')
		fi
		[ -f "$SCR/t/$n.group" ] || continue
		[ "$(wc -l <"$SCR/t/$n.group")" -gt 1 ] ||
			UPD_RUN[$f]=$(cat "$SCR/t/$n.run")
		while read -r m; do
			[[ " ${UPD_INCLUDED[*]} " == *" ${UPD_PATCH[$m]} "* ]] ||
				UPD_INCLUDED+=("${UPD_PATCH[$m]}")
		done <"$SCR/t/$n.group"
	done
	# a file not selected but needed by an included one goes with it
	n=0
	for f in "${UPD_CANDS[@]}"; do
		n=$((n + 1))
		[ -f "$SCR/t/$n.group" ] || continue
		while read -r m; do
			[[ ${UPD_VERDICT[$m]} == "not selected"* ]] || continue
			UPD_VERDICT[$m]=$(printf 'included\twith %s (needed to compile it)' "$f")
		done < <(tail -n +2 "$SCR/t/$n.group")
	done
	for f in "${order[@]}"; do
		printf '%s\t%s\n' "$f" "${UPD_VERDICT[$f]}"
	done >"$SCR/update/verdicts"
	update_regroup
}

# update_orig_batch: the original object of every candidate .c file
# this config builds in its own directory, made by one Kbuild run (-k:
# a unit that fails leaves the others made; its triage run compiles it
# again and says why) before the triage runs.  Each run would otherwise
# start Kbuild for its one object under the tree's lock: a few seconds
# of make each, one run at a time, over a stable update's hundreds of
# files.  ORIG_READY names the objects made, with their .cmd (Kbuild
# deletes a target whose command failed).
update_orig_batch() {
	local f g goals=()
	for f in "${UPD_CANDS[@]}"; do
		[[ $f == *.c ]] && update_selected "$f" || continue
		has_makefile "${f%/*}" || continue
		is_built "${f%.c}.o" || continue
		goals+=("${f%.c}.o")
	done
	# one: its triage run's own Kbuild run is the same
	[ ${#goals[@]} -gt 1 ] || return 0
	step "compiling the original of ${#goals[@]} changed unit(s) in one" \
		"Kbuild run"
	(
		flock 9
		MAKEFILES=$LIBDIR/kbuild-query.mk SUTURE_QUERY=1 \
			kmake -k "${goals[@]}" >"$SCR/log/orig-batch" 2>&1 || true
	) 9>"$LOCK"
	for g in "${goals[@]}"; do
		[ -f "$TREE/$g" ] && [ -f "$TREE/${g%/*}/.${g##*/}.cmd" ] &&
			ORIG_READY[$g]=1
	done
	return 0
}

# update_unbuilt: UPD_UNBUILT[FILE] for the changed .c files this config
# does not build, from one Kbuild query over all of them (nothing is
# compiled): those whose directory has a Makefile (no other directory's
# claim) and that no other file #includes; the others go through the
# pipeline, which decides the same way
declare -A UPD_UNBUILT
UPD_ARCH=
update_unbuilt() {
	local k f goals=() cs=()
	# the architecture Kbuild builds (arch/$SRCARCH): another one's
	# files are never built, and its headers (asm/...) would otherwise
	# match every unit including the x86 header of the same name
	if grep -q '^CONFIG_X86=y' "$TREE/.config"; then
		UPD_ARCH=x86
	elif grep -q '^CONFIG_ARM64=y' "$TREE/.config"; then
		UPD_ARCH=arm64
	fi
	while read -r k f; do
		[ "$k" = M ] && [[ $f == *.c ]] || continue
		# --only: the others are not triaged
		update_selected "$f" || continue
		[[ $f != arch/* ]] || [ -z "$UPD_ARCH" ] ||
			[[ $f == arch/$UPD_ARCH/* ]] || continue
		has_makefile "${f%/*}" || continue
		cs+=("$f")
		goals+=("${f%.c}.o")
	done <"$SCR/update/changed"
	[ ${#goals[@]} -gt 0 ] || return 0
	step "asking Kbuild which of ${#goals[@]} changed .c file(s) this" \
		"config builds"
	kbuild_query "$SCR/log/query-update" "${goals[@]}"
	local unbuilt=() inc
	for f in "${cs[@]}"; do
		is_built "${f%.c}.o" || unbuilt+=("$f")
	done
	[ ${#unbuilt[@]} -gt 0 ] || return 0
	# those another file #includes go through the pipeline (one query
	# for all: an index load each was minutes over a stable update)
	inc=$("$BINDIR/find-includers" --included "$TREE" "${unbuilt[@]}") ||
		die "find-includers --included failed on the ${#unbuilt[@]}" \
			"changed .c file(s) this config does not build"
	declare -A included=()
	while read -r f; do
		[ -z "$f" ] || included[$f]=1
	done <<<"$inc"
	for f in "${unbuilt[@]}"; do
		[ -n "${included[$f]:-}" ] || UPD_UNBUILT[$f]=1
	done
}

# update_report: the triage as a table (or JSON with --json) on stdout
update_report() {
	local v=$SCR/update/verdicts
	if [ "$JSON" = 1 ]; then
		jq -n --rawfile verdicts "$v" --rawfile changelog \
			"$SCR/update/changelog" --arg release "$REL" \
			--arg from "$UPD_FROM" --arg to "$UPD_TO" \
			--arg ko "${1:-}" '{
			release: $release, from: $from, to: $to,
			"module": (if $ko == "" then null else $ko end),
			files: [$verdicts | split("\n")[] | select(. != "") |
				split("\t") | {file: .[0], verdict: .[1], detail: .[2]}],
			changelog: ($changelog | split("\n") | reduce .[] as $l ([];
				if ($l | test("^[a-z0-9][a-z0-9.+-]* \\(")) then
					. + [{version: ($l |
						capture("\\((?<v>[^)]*)\\)").v),
						text: $l}]
				elif length > 0 then .[-1].text += "\n" + $l
				else . end) |
				map(. + {cves: ([.text |
					scan("CVE-[0-9]+-[0-9]+")] | unique)})),
			cves: [$changelog | scan("CVE-[0-9]+-[0-9]+")] | unique
		}'
		return 0
	fi
	echo "update $UPD_FROM -> $UPD_TO for $REL: $(wc -l <"$v") file(s)" \
		"changed"
	local verdict
	for verdict in included refused "tool error" skipped "not selected" \
		"no change" "not built" "not live-patchable"; do
		local c
		c=$(awk -F'\t' -v w="$verdict" '$2 == w' "$v" | wc -l)
		[ "$c" -gt 0 ] || continue
		if [ "$verdict" = "not selected" ]; then
			# --only: listed in --json, counted here
			echo "  $verdict ($c): --only, not triaged: these fixes" \
				"are NOT live (--json lists them)"
			continue
		fi
		echo "  $verdict ($c):"
		awk -F'\t' -v w="$verdict" '$2 == w {
			printf "    %-44s %s\n", $1, $3 }' "$v"
	done
	if [ -s "$SCR/update/changelog" ]; then
		echo "Debian changelog $UPD_FROM -> $UPD_TO:"
		sed 's/^/  /' "$SCR/update/changelog"
	fi
}

# update_main: check, diff, triage, report; then (unless --report) build
# the included files as one cumulative module, refusing when a built
# change was refused and not --skip'ped
update_main() {
	local c
	update_diff
	update_changelog
	update_triage
	c=$(awk -F'\t' '$2 == "refused" || $2 == "tool error"' \
		"$SCR/update/verdicts" | wc -l)
	step "triage: $(cut -f2 "$SCR/update/verdicts" | sort | uniq -c |
		awk '{ n = $1; $1 = ""; printf "%s%d%s", s, n, $0; s = ", " }')"
	if [ "$REPORT" = 1 ]; then
		update_report
		exit 0
	fi
	if [ "$c" -gt 0 ]; then
		update_report >&2
		die "$c changed file(s) of this config cannot be live-patched" \
			"(refused above): a half-applied update can be worse" \
			"than none. Leave one out with --skip FILE (its fix is" \
			"then NOT live), or reboot into $UPD_TO"
	fi
	[ ${#UPD_INCLUDED[@]} -gt 0 ] ||
		{ update_report >&2; die "no change of the update $UPD_FROM ->" \
			"$UPD_TO is built in this config: nothing to patch"; }
	PATCHES=("${UPD_INCLUDED[@]}")
	update_reuse
}

# update_reuse: when every included change is a .c file that was its
# triage run's only unit (no changed header, no #included .c), the module
# is made of exactly those units compiled with exactly those changes: the
# triage's patched objects are reused (PREBUILT) instead of compiled again
update_reuse() {
	local f d
	[ ${#UPD_RUN[@]} -eq ${#UPD_INCLUDED[@]} ] || return 0
	for f in "${!UPD_RUN[@]}"; do
		d=${UPD_RUN[$f]}
		[ "$(cat "$d/units" 2>/dev/null)" = "$f" ] &&
			[ "$(cat "$d/changed" 2>/dev/null)" = "$f" ] || return 0
	done
	for f in "${!UPD_RUN[@]}"; do
		PREBUILT[$f]=${UPD_RUN[$f]}
	done
}
