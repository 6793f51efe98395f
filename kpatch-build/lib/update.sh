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
# or built when it is not.
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
	[ -n "$NAME" ] || NAME=update_$(tr -c 'a-z0-9\n' '_' <<<"${UPD_TO,,}")
	REPLACE=1
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

# update_triage_one N PATCH FILE: the pipeline on one changed file;
# prints the verdict line "FILE<TAB>VERDICT<TAB>DETAIL" (DETAIL: the
# summary of included changes, or the reason)
update_triage_one() {
	local n=$1 p=$2 f=$3 d=$SCR/t/$1
	if update_pipeline "$d" "$p"; then
		printf '%s\tincluded\t%s\n' "$f" "$(update_changes "$d")"
		return 0
	fi
	local why
	why=$(sed -n 's/^livepatch-build: error: //p' "$d/err" | tail -n 1)
	case $why in
	*"is not built in the "*" configuration"* | \
		*"no unit of this config includes"*)
		printf '%s\tnot built\tnot built in this config\n' "$f"
		;;
	*"change no function in the compiled code"* | *"change nothing"*)
		printf '%s\tno change\tbuilt, no change in the compiled code\n' "$f"
		;;
	*)
		# the differ's or generator's own reason, naming the symbol
		local r
		r=$(grep -E 'refused|error|cannot|neither' "$d/err" |
			grep -v '^livepatch-build: \[' | sed 's/^ *//' |
			head -n 3 | paste -sd'|' - | sed 's/|/; /g')
		printf '%s\trefused\t%s\n' "$f" "${r:-$why}"
		;;
	esac
}

# update_regroup: a file refused alone because it uses a symbol that is
# neither exported nor in the target (a function another changed file
# adds: hid_safe_input_report() new in drivers/hid/hid-core.c, called
# from drivers/hid/usbhid/hid-core.c) is tried again together with every
# included change; included when that builds
update_regroup() {
	local f v why n=0 d tmp=$SCR/update/verdicts.new
	[ ${#UPD_INCLUDED[@]} -gt 0 ] || return 0
	grep -q $'\trefused\t.*neither exported nor a global symbol' \
		"$SCR/update/verdicts" || return 0
	cp "$SCR/update/verdicts" "$tmp"
	while IFS=$'\t' read -r f v why <&3; do
		[ "$v" = refused ] &&
			[[ $why == *"neither exported nor a global symbol"* ]] ||
			continue
		n=$((n + 1))
		d=$SCR/t/g$n
		step "triage $f again, with the included changes (it uses" \
			"a symbol the target lacks)"
		update_pipeline "$d" "${UPD_INCLUDED[@]}" "${UPD_PATCH[$f]}" ||
			continue
		UPD_INCLUDED+=("${UPD_PATCH[$f]}")
		awk -F'\t' -v f="$f" -v d="with the other changes: $(update_changes "$d" "$f")" \
			'BEGIN { OFS = "\t" } $1 == f { $2 = "included"; $3 = d } 1' \
			"$tmp" >"$tmp.1" && mv "$tmp.1" "$tmp"
	done 3<"$SCR/update/verdicts"
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

# update_triage: a verdict per changed file into $SCR/update/verdicts
# (FILE<TAB>VERDICT<TAB>DETAIL); the live-patchable candidates go through
# the pipeline one by one, so one refusal names its own file
update_triage() {
	local kind f n=0 k s
	: >"$SCR/update/verdicts"
	UPD_INCLUDED=()
	update_unbuilt
	while read -r k f <&3; do
		kind=$(update_kind "$f")
		if [ "$k" != M ]; then
			s="new file"
			[ "$k" = A ] || s="removed file"
			printf '%s\tnot live-patchable\t%s (%s)\n' "$f" "$s" \
				"$kind" >>"$SCR/update/verdicts"
			continue
		fi
		if [ "$kind" != source ]; then
			printf '%s\tnot live-patchable\t%s\n' "$f" "$kind" \
				>>"$SCR/update/verdicts"
			continue
		fi
		if [[ " ${SKIP_FILES[*]} " == *" $f "* ]]; then
			printf '%s\tskipped\t--skip: this fix is NOT live\n' \
				"$f" >>"$SCR/update/verdicts"
			continue
		fi
		if [ -n "${UPD_UNBUILT[$f]:-}" ]; then
			printf '%s\tnot built\tnot built in this config\n' \
				"$f" >>"$SCR/update/verdicts"
			continue
		fi
		n=$((n + 1))
		diff -u --label "a/$f" --label "b/$f" "$UPD_FROM_SRC/$f" \
			"$UPD_TO_DIR/linux/$f" >"$SCR/update/p/$n.patch" || true
		UPD_PATCH[$f]=$SCR/update/p/$n.patch
		step "triage $f"
		update_triage_one "$n" "$SCR/update/p/$n.patch" "$f" \
			>>"$SCR/update/verdicts"
		if [ "$(tail -n 1 "$SCR/update/verdicts" | cut -f2)" = included ]; then
			UPD_INCLUDED+=("$SCR/update/p/$n.patch")
			UPD_RUN[$f]=$SCR/t/$n
		fi
	done 3<"$SCR/update/changed"
	update_regroup
	local s
	for s in "${SKIP_FILES[@]}"; do
		grep -q "^$s"$'\t' "$SCR/update/verdicts" ||
			die "--skip $s: the update $UPD_FROM -> $UPD_TO does not" \
				"change that file"
	done
}

# update_unbuilt: UPD_UNBUILT[FILE] for the changed .c files this config
# does not build, from one Kbuild query over all of them (nothing is
# compiled): those whose directory has a Makefile (no other directory's
# claim) and that no other file #includes; the others go through the
# pipeline, which decides the same way
declare -A UPD_UNBUILT
update_unbuilt() {
	local k f goals=() cs=()
	while read -r k f; do
		[ "$k" = M ] && [[ $f == *.c ]] || continue
		[ -f "$TREE/${f%/*}/Makefile" ] || [ -f "$TREE/${f%/*}/Kbuild" ] ||
			continue
		cs+=("$f")
		goals+=("${f%.c}.o")
	done <"$SCR/update/changed"
	[ ${#goals[@]} -gt 0 ] || return 0
	step "asking Kbuild which of ${#goals[@]} changed .c file(s) this" \
		"config builds"
	kbuild_query "$SCR/log/query-update" "${goals[@]}"
	local inc
	for f in "${cs[@]}"; do
		is_built "${f%.c}.o" && continue
		inc=$("$BINDIR/find-includers" "$TREE" "$f") ||
			die "find-includers failed on $f"
		[ -z "$inc" ] || continue
		UPD_UNBUILT[$f]=1
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
	for verdict in included refused skipped "no change" "not built" \
		"not live-patchable"; do
		local c
		c=$(awk -F'\t' -v w="$verdict" '$2 == w' "$v" | wc -l)
		[ "$c" -gt 0 ] || continue
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
	c=$(awk -F'\t' '$2 == "refused"' "$SCR/update/verdicts" | wc -l)
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
declare -A UPD_RUN UPD_PATCH
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
