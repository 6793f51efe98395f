# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Out-of-tree modules (--oot-module KO --oot-module-src DIR): a module
# built outside the kernel tree (a DKMS module), patched like a module of
# the tree.  DIR is the module's source as KO was built from it (a Kbuild
# external module: make -C /lib/modules/REL/build M=DIR); the patches are
# -p1 against DIR.  Steps (oot_units, instead of stage_patches, find_units
# and compile_units):
#   1. DIR is copied to $SCR/oot/build and built there against the
#      target's headers with -ffunction-sections -fdata-sections; the
#      objects of the module (its .mod file, link order) are saved as the
#      original units.
#   2. The patches are applied to that copy (each changed file first
#      line-kept, #line naming the file as the first build compiled it,
#      so WARN/BUG line numbers and __FILE__ stay), and Kbuild builds it
#      again in the same place: it recompiles what the changed files
#      reach (its dependency lists), the same paths keep __FILE__ equal.
#   3. Units are the module's objects whose bytes differ; each goes
#      through create-diff-object and the generator as a unit of module
#      NAME (KO's modinfo name), positions from KO itself and the link
#      layout of the copy (its .mod order).
# KO must be built for the target release (its vermagic).

OOT_KO=
OOT_SRC=

# oot_make DIR LOG: Kbuild builds the external module in DIR
oot_make() {
	make -C "$KDIR" M="$1" CC="$KCC" -j"$JOBS" \
		KCFLAGS="-ffunction-sections -fdata-sections" modules \
		>"$2" 2>&1
}

# oot_objects: the objects of module OOT_MOD in link order, relative to
# the build copy (Kbuild's OOT_MOD.mod)
oot_objects() {
	local b=$SCR/oot/build w
	[ -f "$b/$OOT_MOD.mod" ] ||
		die "$OOT_SRC builds no module $OOT_MOD (no $OOT_MOD.mod after" \
			"the build): is $OOT_KO built from this source?"
	for w in $(cat "$b/$OOT_MOD.mod"); do
		[[ $w == *.o ]] || continue
		echo "${w#"$b"/}"
	done
}

oot_units() {
	local b=$SCR/oot/build ver p f o objs=() lines=()
	[ -f "$OOT_KO" ] || die "--oot-module $OOT_KO: no such file"
	[ -d "$OOT_SRC" ] || die "--oot-module-src $OOT_SRC: no such directory"
	OOT_KO=$(readlink -f "$OOT_KO")
	OOT_SRC=$(readlink -f "$OOT_SRC")
	plain_path "the scratch directory '$SCR' (TMPDIR)" "$SCR"
	plain_path "the module source '$OOT_SRC'" "$OOT_SRC"
	OOT_MOD=$(modinfo -F name "$OOT_KO" 2>/dev/null) || true
	[ -n "$OOT_MOD" ] || die "$OOT_KO: no module name in its .modinfo"
	ver=$(modinfo -F vermagic "$OOT_KO" 2>/dev/null) || true
	[[ $ver == "$REL "* ]] ||
		die "$OOT_KO is built for ${ver%% *} (vermagic), not $REL"
	mkdir -p "$b" "$SCR/a" "$SCR/b" "$SCR/lined"
	cp -a "$OOT_SRC/." "$b/"
	step "out-of-tree module $OOT_MOD: building $OOT_SRC against $KDIR"
	oot_make "$b" "$SCR/log/oot-orig" || {
		tail -n 30 "$SCR/log/oot-orig" >&2
		die "building $OOT_SRC against $KDIR failed (above)"
	}
	mapfile -t objs < <(oot_objects)
	[ ${#objs[@]} -gt 0 ] || die "$OOT_MOD.mod lists no object"
	for o in "${objs[@]}"; do
		mkdir -p "$(dirname "$SCR/orig/$o")"
		cp "$b/$o" "$SCR/orig/$o"
	done
	# the link layout for exact positions (lib/positions.sh)
	OOT_LAYOUT=$SCR/oot/$OOT_MOD.layout
	for o in "${objs[@]}"; do
		echo "unit $o"
		local_names "$b/$o"
	done >"$OOT_LAYOUT"
	# the patches, on a copy first (they must apply to DIR as it is)
	cp -a "$OOT_SRC/." "$SCR/a/"
	cp -a "$OOT_SRC/." "$SCR/b/"
	for p in "${PATCHES[@]}"; do
		if ! patch -d "$SCR/b" -p1 -s -f -N --no-backup-if-mismatch \
			-r - <"$p" >"$SCR/log/patch" 2>&1; then
			sed 's/^/    /' "$SCR/log/patch" >&2
			die "$p does not apply to $OOT_SRC (above)"
		fi
	done
	CHANGED=()
	while IFS= read -r f; do
		f=${f#./}
		cmp -s "$SCR/a/$f" "$SCR/b/$f" && continue
		case $f in
		*.c | *.h) ;;
		*) die "the patch changes $f: only .c and .h files can be" \
			"live-patched" ;;
		esac
		CHANGED+=("$f")
		mkdir -p "$(dirname "$SCR/lined/$f")"
		line_map "$f" "$b/$f"
		cp "$SCR/lined/$f" "$b/$f"
	done < <(cd "$SCR/b" && find . -type f \( -name '*.c' -o -name '*.h' \
		-o -name Makefile -o -name Kbuild \) | sort)
	[ ${#CHANGED[@]} -gt 0 ] || die "the patches change nothing in $OOT_SRC"
	step "patches applied to a copy of $OOT_SRC: ${CHANGED[*]}"
	oot_make "$b" "$SCR/log/oot-patched" || {
		tail -n 30 "$SCR/log/oot-patched" >&2
		die "building the patched $OOT_SRC failed (above)"
	}
	declare -gA UNIT_OBJ UNIT_KO
	UNITS=()
	for o in "${objs[@]}"; do
		mkdir -p "$(dirname "$SCR/patched/$o")"
		cp "$b/$o" "$SCR/patched/$o"
		cmp -s "$SCR/orig/$o" "$SCR/patched/$o" && continue
		lines+=("$o")
		UNITS+=("${o%.o}.c")
		UNIT_OBJ[${o%.o}.c]=$OOT_MOD
		UNIT_KO[${o%.o}.c]=$OOT_KO
	done
	[ ${#UNITS[@]} -gt 0 ] ||
		die "the patches change no object of $OOT_MOD"
	step "$OOT_MOD: ${#UNITS[@]} unit(s) changed: ${lines[*]}"
}
