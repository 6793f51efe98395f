# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Exact positions of local names several units define (create-patch-module,
# gen-positions.c decides; this file gathers what it decides from):
#   - the target's debug build (the -dbg package: vmlinux and .ko files with
#     STT_FILE symbols), when installed;
#   - for a module, its link layout: the units in link order (Kbuild's .mod
#     file) and each unit's local names, compiled once per target in the
#     prepared tree and cached next to it, only when a name is ambiguous;
#   - for vmlinux, the unit compiled as the target was (its sections' layout
#     around each candidate), only when a name is ambiguous.

# local_names OBJ: the named local symbols of OBJ in symbol table order,
# without FILE/section symbols, what the module link discards and what the
# module's kallsyms leaves out (.init sections, absolute symbols)
local_names() {
	objdump -t "$1" | awk -F'\t' '
		/^[0-9a-f]+ l/ {
			n = split($1, a, " "); sec = a[n]
			if (substr($1, 18 + 5, 1) == "d") next
			if (sec ~ /^\.(discard|init)/ || sec == "*ABS*") next
			m = split($2, b, " "); if (m >= 2) print b[2]
		}'
}

# debug_build UNIT: the -dbg package's vmlinux or .ko of UNIT's binary
# (nothing when not installed)
debug_build() {
	local u=$1 ko f
	if [ "${UNIT_OBJ[$u]}" = vmlinux ]; then
		f=/usr/lib/debug/boot/vmlinux-$REL
		[ -f "$f" ] || f=/usr/lib/debug/lib/modules/$REL/vmlinux
		# a kernel built here (SUTURE_KERNEL_ROOT): its own vmlinux
		[ -f "$f" ] || [ -z "${KROOT:-}" ] || f=$KDIR/vmlinux
	else
		ko=${UNIT_KO[$u]#"$MODDIR/"}
		f=/usr/lib/debug/lib/modules/$REL/${ko%.ko*}.ko
	fi
	[ ! -f "$f" ] || echo "$f"
}

# module_makefile MOD FILE...: does one of the Makefiles FILE assign MOD.o
# to an obj- variable (obj-m, obj-$(CONFIG_X) ...), continuation lines
# joined?  MOD is the module's name (KBUILD_MODNAME: '-' made '_'); the
# Makefile's spelling of it (kvm-intel for kvm_intel) is printed.
module_makefile() {
	local mod=$1 f files=()
	shift
	for f in "$@"; do
		[ ! -f "$f" ] || files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || return 1
	awk -v m="$mod.o" '
		{ line = line $0 }
		/\\$/ { sub(/\\$/, " ", line); next }
		{
			if (line ~ /^[ \t]*obj-[^ \t=]*[ \t]*[:+?]?=/) {
				sub(/^[^=]*=/, " ", line)
				n = split(line, w, /[ \t]+/)
				for (i = 1; i <= n; i++) {
					k = w[i]
					gsub(/-/, "_", k)
					if (k == m && !found) {
						found = 1
						print substr(w[i], 1, length(w[i]) - 2)
					}
				}
			}
			line = ""
		}
		END { exit !found }' "${files[@]}"
}

# module_layout UNIT: write the link layout of UNIT's module (cached in
# $CACHE/src/<tree>/positions/MOD.layout); sets LAYOUT_FILE to it and
# LAYOUT_UNIT to UNIT's object as the layout names it
module_layout() {
	local u=$1 mod=${UNIT_OBJ[$1]} g d dir='' cache out o
	if [ -n "$OOT_KO" ]; then
		# out-of-tree: the layout of the scratch build (lib/oot.sh)
		LAYOUT_FILE=$OOT_LAYOUT
		LAYOUT_UNIT=${u%.c}.o
		return 0
	fi
	g=${UNIT_GOAL[$u]:-${u%.c}.o}
	g=$(realpath -m --relative-to="$TREE" "$TREE/$g")
	LAYOUT_UNIT=$g
	cache=${TREE%/tree}/positions
	out=$cache/$mod.layout
	LAYOUT_FILE=$out
	if [ -s "$out" ] && grep -qx "unit $g" "$out"; then
		return 0
	fi
	# the directory whose Makefile builds MOD.o (the unit's or above):
	# the one whose obj-... assignment names MOD.o; a file that only adds
	# to MOD-y (drivers/gpu/drm/nouveau/dispnv50/Kbuild, which nouveau's
	# Kbuild includes) is not it.  Else the nearest naming MOD at all.
	# (KBUILD_MODNAME has '_' where the Makefile may spell '-': the
	# Makefile's spelling, in kname, names MOD.o and MOD.mod)
	local near='' nname='' kname='' pat=${mod//_/[-_]} m
	d=${g%/*}
	while [ -n "$d" ] && [ "$d" != . ]; do
		if kname=$(module_makefile "$mod" "$TREE/$d/Makefile" \
			"$TREE/$d/Kbuild"); then
			dir=$d
			break
		fi
		if [ -z "$near" ]; then
			m=$(grep -ohsE "(^|[^A-Za-z0-9_-])$pat(-y|-objs|-m|\.o)([^A-Za-z0-9_]|$)" \
				"$TREE/$d/Makefile" "$TREE/$d/Kbuild" | head -n 1 || true)
			if [ -n "$m" ]; then
				near=$d
				nname=$(grep -oE "$pat" <<<"$m" | head -n 1)
			fi
		fi
		if [[ $d == */* ]]; then d=${d%/*}; else d=''; fi
	done
	[ -n "$dir" ] || dir=$near kname=$nname
	[ -n "$dir" ] || die "$u: cannot find the Makefile that builds" \
		"$mod.o above ${g%/*}: no link order to tell its local" \
		"symbols from the other units'"
	step "$mod: compiling all its units once (link order of local" \
		"symbols, cached in $out)"
	mkdir -p "$cache"
	if ! (
		flock 9
		kmake "$dir/$kname.o" "$dir/$kname.mod" >"$SCR/log/layout-$mod" \
			2>&1 || exit 1
		while read -r o; do
			echo "unit $(realpath -m --relative-to="$TREE" "$TREE/$o")"
			local_names "$TREE/$o"
		done <"$TREE/$dir/$kname.mod" >"$out.tmp" && mv "$out.tmp" "$out"
	) 9>"$LOCK"; then
		tail -n 30 "$SCR/log/layout-$mod" >&2
		die "compiling the units of $mod failed (above)"
	fi
	grep -qx "unit $g" "$out" ||
		die "$u: $g is not in $dir/$kname.mod, the link order of $mod"
}

# plain_unit UNIT: compile UNIT as the target kernel was (Kbuild's command
# without -ffunction-sections -fdata-sections, no objtool) into the scratch
# directory; sets PLAIN_OBJ.  For vmlinux: the unit's sections lie whole in
# it, so their layout around a candidate decides (gen-positions.c).
plain_unit() {
	local u=$1 o=${1%.c}.o g cmd
	g=${UNIT_GOAL[$u]:-$o}
	PLAIN_OBJ=$SCR/plain/$o
	mkdir -p "${PLAIN_OBJ%/*}"
	cmd=${UNIT_CMD[$u]%%;*}
	cmd=${cmd//" -ffunction-sections"/}
	cmd=${cmd//" -fdata-sections"/}
	cmd=${cmd/" -o $g "/" -o $PLAIN_OBJ "}
	cmd=$(sed 's/-Wp,-MMD,[^ ]*/-Wp,-MMD,\/dev\/null/' <<<"$cmd")
	step "$u: compiling it as the target kernel was (without" \
		"-ffunction-sections), for the layout of its sections"
	(cd "$TREE" && sh -c "$cmd") >"$SCR/log/plain-${o//\//_}" 2>&1 || {
		tail -n 20 "$SCR/log/plain-${o//\//_}" >&2
		die "$u: compiling it as the target kernel was failed (above)"
	}
}

# gen_exact N UNIT ARGS...: create-patch-module ARGS for diff object N,
# with the exact sources of positions: the debug build when installed; the
# module's link layout when a name is ambiguous (built then, rerun); for
# ratelimit/once state no source decides, its own copy (create-diff-object
# --copy, rerun).  The generator's stderr is in $SCR/log/gen-N.
gen_exact() {
	local n=$1 u=$2 rc dbg extra=() copies=() name
	shift 2
	dbg=$(debug_build "$u")
	[ -z "$dbg" ] || extra+=(-D "$dbg")
	while :; do
		rc=0
		"$BINDIR/create-patch-module" -w "${extra[@]}" "$@" \
			>"$SCR/diff/summary-$n" 2>"$SCR/log/gen-$n" || rc=$?
		case $rc in
		4)
			[[ " ${extra[*]} " != *" -"[LP]" "* ]] || return 1
			if [ "${UNIT_OBJ[$u]}" = vmlinux ]; then
				plain_unit "$u"
				extra+=(-P "$PLAIN_OBJ")
			else
				module_layout "$u"
				extra+=(-L "$LAYOUT_FILE" -O "$LAYOUT_UNIT")
			fi
			;;
		5)
			while read -r name; do
				[[ " ${copies[*]} " == *" $name "* ]] && return 1
				copies+=("$name")
				say "$u: $name: the patch gets its own copy" \
					"(ratelimit/once state: no exact source" \
					"tells which of the target's copies is" \
					"this unit's; a message may repeat once" \
					"more)"
			done < <(sed -n 's/^create-patch-module: own-copy //p' \
				"$SCR/log/gen-$n")
			local cargs=("${CDO_FLAGS[@]}") c
			for c in "${copies[@]}"; do
				cargs+=(--copy "$c")
			done
			"$BINDIR/create-diff-object" "${cargs[@]}" \
				"$SCR/orig/${u%.c}.o" "$SCR/patched/${u%.c}.o" \
				"${CDO_OUT[n]}" >"$SCR/log/cdo-copy-$n" 2>&1 || {
				cat "$SCR/log/cdo-copy-$n" >>"$SCR/log/gen-$n"
				return 1
			}
			;;
		*)
			cat "$SCR/diff/summary-$n" >>"$SCR/diff/summary"
			return "$rc"
			;;
		esac
	done
}
