# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# livepatch-build: the target kernel (release, config, symbols, headers),
# the compiler check, the scratch directory and the prepared source tree.
# The globals set here (REL, KDIR, MODDIR, TREE, LOCK, SCR...) are used by
# units.sh and module.sh.
# shellcheck disable=SC2034

resolve_target() {
	if [ -z "$REL" ]; then
		if [ -n "${SUTURE_KERNEL:-}" ]; then
			REL=$SUTURE_KERNEL
		elif [ -f "/boot/config-$(uname -r)" ]; then
			REL=$(uname -r)
		elif [ -x "$TOP/contrib/target-release" ]; then
			REL=$("$TOP/contrib/target-release") ||
				die "no target kernel: pass -k RELEASE"
		else
			die "no target kernel: pass -k RELEASE"
		fi
	fi
	# SUTURE_KERNEL_ROOT=DIR: REL's files are below DIR (boot/config-REL,
	# boot/System.map-REL, lib/modules/REL with build -> its built tree,
	# which is the source too): a kernel of contrib/build-debug-kernel
	KROOT=${SUTURE_KERNEL_ROOT:-}
	CONFIG=${CONFIG:-$KROOT/boot/config-$REL}
	MODDIR=$KROOT/lib/modules/$REL
	KDIR=$MODDIR/build
	[ -f "$CONFIG" ] ||
		die "no config $CONFIG for $REL: install linux-image-$REL or pass -c"
	[ -f "$KDIR/Makefile" ] ||
		die "no kernel headers in $KDIR: apt-get install linux-headers-$REL"
	[ -f "$KDIR/Module.symvers" ] || die "no $KDIR/Module.symvers"
	CACHE=${SUTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/suture}
	# the Debian package version of the target build (modinfo suture_build)
	KBUILD_VERSION=$(dpkg-query -W -f='${Version}' "linux-image-$REL" \
		2>/dev/null || true)
	if [ -z "$KBUILD_VERSION" ] &&
		[ -f "$KDIR/include/generated/utsversion.h" ]; then
		KBUILD_VERSION=$(sed -n 's/.*Debian \([^ ]*\) .*/\1/p' \
			"$KDIR/include/generated/utsversion.h")
	fi
	KBUILD_VERSION=${KBUILD_VERSION:-unknown}
	# A kernel built outside Debian's packaging (the debug kernel of
	# contrib/build-debug-kernel): the module records the kernel's own
	# `uname -v` instead (the tree's UTS_VERSION, a C string literal),
	# which `livepatch load` accepts as the build's identity.
	KBUILD_UTS=
	if [ "$KBUILD_VERSION" = unknown ] &&
		[ -f "$KDIR/include/generated/utsversion.h" ]; then
		KBUILD_UTS=$(sed -n 's/^#define UTS_VERSION \(".*"\)$/\1/p' \
			"$KDIR/include/generated/utsversion.h")
	fi
	# its kernel version (6.1.192): the source tree must be that one
	KVERSION=$(headers_version "$KDIR")
	[ -n "$KVERSION" ] || KVERSION=$(debian_upstream "$KBUILD_VERSION")
	step "target $REL (build $KBUILD_VERSION${KVERSION:+, kernel $KVERSION})"
}

# A real System.map has thousands of lines; Debian's /boot one is a stub.
real_map() {
	[ -f "$1" ] && [ "$(head -n 1000 "$1" | wc -l)" -ge 1000 ]
}

# The vmlinux symbols: --system-map, /boot/System.map-REL, the -dbg
# package's, /proc/kallsyms when REL runs here, else a kallsyms snapshot
# cached once per release (captured by booting REL in QEMU, in the
# background while the tree is prepared: symbols_wait before SYSMAP is
# read).
SYMS_PID=
resolve_symbols() {
	local cached key img=$KROOT/boot/vmlinuz-$REL
	if [ -n "$VMLINUX" ]; then
		SYSMAP=$SCR/vmlinux.map
		nm -n --defined-only "$VMLINUX" >"$SYSMAP" 2>/dev/null ||
			die "--vmlinux $VMLINUX: cannot read its symbols"
	fi
	if [ -n "$SYSMAP" ]; then
		real_map "$SYSMAP" || die "--system-map $SYSMAP: not a symbol map"
		return
	fi
	for SYSMAP in "$KROOT/boot/System.map-$REL" \
		"/usr/lib/debug/boot/System.map-$REL"; do
		real_map "$SYSMAP" && return
	done
	if [ "$REL" = "$(uname -r)" ] &&
		grep -qv '^0* ' <(head -n 1000 /proc/kallsyms); then
		SYSMAP=$SCR/kallsyms
		grep -v '\[' /proc/kallsyms >"$SYSMAP"
		return
	fi
	# the snapshot is keyed by the build too: a rebuilt kernel of the same
	# release differs.  No build version known: by the image the capture
	# boots, never by "unknown" (two builds would share one snapshot)
	key=$KBUILD_VERSION
	if [ "$key" = unknown ]; then
		key=$(sha1sum <"$img" 2>/dev/null | cut -c1-16) || key=
		[ -n "$key" ] ||
			die "no vmlinux symbols for $REL: its Debian build is" \
				"unknown and $img cannot be read; pass" \
				"--system-map FILE or --vmlinux FILE"
		key=image-$key
	fi
	cached=$CACHE/src/$REL/kallsyms-$key
	SYSMAP=$cached
	if real_map "$SYSMAP"; then
		step "vmlinux symbols: $SYSMAP"
		return
	fi
	mkdir -p "${cached%/*}"
	# in its own process group: ended with its VM when we exit early
	setsid bash -c 'exec 9>"$1.lock" && flock 9 &&
		{ [ "$(head -n 1000 "$1" 2>/dev/null | wc -l)" -ge 1000 ] ||
			"$2" "$3" "$1"; }' _ "$cached" "$LIBDIR/capture-kallsyms" \
		"$REL" >"$SCR/log/kallsyms" 2>&1 </dev/null &
	SYMS_PID=$!
	BG_PIDS+=("-$SYMS_PID")
	step "vmlinux symbols: capturing $REL's kallsyms in QEMU, in the" \
		"background (once per build)"
}

# symbols_wait: the background kallsyms capture of resolve_symbols done
symbols_wait() {
	[ -n "$SYMS_PID" ] || return 0
	if ! wait "$SYMS_PID"; then
		sed 's/^/    /' "$SCR/log/kallsyms" >&2
		die "no vmlinux symbols for $REL: capturing its kallsyms in" \
			"QEMU failed (above); install linux-image-$REL-dbg, or" \
			"pass --system-map"
	fi
	SYMS_PID=
	real_map "$SYSMAP" || die "no vmlinux symbols for $REL in $SYSMAP"
	step "vmlinux symbols: $SYSMAP"
}

# The compiler that built the target: first word of CONFIG_CC_VERSION_TEXT.
# Refuse a different compiler version: code generation must match.
check_compiler() {
	local want have cc
	want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$CONFIG")
	cc=${want%% *}
	command -v "$cc" >/dev/null 2>&1 || cc=gcc
	KCC=$cc
	have=$("$cc" --version 2>/dev/null | head -n 1) || have="(no $cc)"
	# the driver name (gcc vs gcc-12) does not matter, the version does
	if [ "${want#* }" != "${have#* }" ]; then
		if [ "$SKIP_CC_CHECK" = 1 ]; then
			say "warning: compiler differs: target built with" \
				"'$want', here '$have' (--skip-compiler-check)"
		else
			die "compiler mismatch: $REL was built with '$want'," \
				"this host has '$have'. Install that gcc, or" \
				"pass --skip-compiler-check (unsafe: the code" \
				"may not match the running kernel)"
		fi
	fi
}

name_from_patch() {
	local n
	n=$(basename "$1")
	n=${n%.patch}
	n=${n%.diff}
	n=$(printf '%s' "$n" | tr 'A-Z-' 'a-z_' | tr -cd 'a-z0-9_')
	n=${n:0:55}
	echo "${n:-livepatch}"
}

check_name() {
	[[ $1 =~ ^[a-z0-9_]+$ ]] ||
		die "module name '$1': use only [a-z0-9_]"
	# MODULE_NAME_LEN is 64 - sizeof(long), with the NUL
	[ ${#1} -le 55 ] ||
		die "module name '$1' has ${#1} characters: the kernel" \
			"takes 55 at most (choose a shorter -n NAME)"
	case $1 in
	glue | suture | suture_diff_*) die "module name '$1' is reserved" ;;
	esac
}

BG_PIDS=()
kill_bg() {
	# (process groups: -PID)
	[ ${#BG_PIDS[@]} -eq 0 ] || kill -- "${BG_PIDS[@]}" 2>/dev/null || true
}

make_scratch() {
	SCR=$(mktemp -d "${TMPDIR:-/tmp}/livepatch-build.XXXXXX")
	# BG_PIDS: background work (--update-to's prefetch) ended with us
	if [ "$DEBUG" = 1 ]; then
		trap 'kill_bg; say "scratch files kept in $SCR"' EXIT
	else
		trap 'kill_bg; rm -rf "$SCR"' EXIT
	fi
	mkdir -p "$SCR/a" "$SCR/b" "$SCR/lined" "$SCR/orig" "$SCR/patched" \
		"$SCR/diff" "$SCR/module" "$SCR/log"
}

prepare_tree() {
	if [ -z "$SRCDIR" ] && [ -n "$KROOT" ]; then
		SRCDIR=$KDIR
	fi
	if [ -n "$SRCDIR" ]; then
		TREE=$(readlink -f "$SRCDIR")
		if [ ! -f "$TREE/.config" ] ||
			[ ! -f "$TREE/scripts/basic/fixdep" ]; then
			die "$SRCDIR is not a configured, prepared kernel tree" \
				"(make olddefconfig modules_prepare)"
		fi
		LOCK=$TREE/.suture-lock
		# only the kernel version can be checked here (a Debian
		# revision leaves no trace in the tree)
		local have
		have=$(tree_version "$TREE")
		if [ -z "$KVERSION" ]; then
			say "warning: the kernel version of $REL is unknown:" \
				"$SRCDIR (${have:-no version}) is not checked"
		elif [ "$have" != "$KVERSION" ]; then
			die "$SRCDIR is the source of kernel" \
				"${have:-(no version in its Makefile)}, but $REL is" \
				"$KVERSION (build $KBUILD_VERSION): pass -s with" \
				"that kernel's source, or drop -s to use the" \
				"linux-source package"
		fi
	else
		# one prepared tree per release and config
		local key=$REL
		if ! cmp -s "$CONFIG" "/boot/config-$REL"; then
			key=$REL-$(sha256sum <"$CONFIG" | cut -c1-12)
		fi
		# held shared until this build ends (fd 8, inherited by
		# prepare-source, which sets it): the tree is only ever
		# replaced when no build uses it
		mkdir -p "$CACHE/src/$key"
		exec 8>>"$CACHE/src/$key/use.lock"
		TREE=$(SUTURE_JOBS=$JOBS SUTURE_USE_FD=8 \
			"$LIBDIR/prepare-source" "$REL" "$CONFIG" \
			"$CACHE/src/$key" "$KBUILD_VERSION" "$KVERSION" \
			"$CACHE/debsrc") || exit 1
		LOCK=$CACHE/src/$key/lock
	fi
	if [ -f "$TREE/.suture-cc" ]; then
		KCC=$(cat "$TREE/.suture-cc")
	fi
	step "kernel source: $TREE"
	target_config_check
	target_layout
}

# target_config_check: the tree is configured as the target: every option
# $CONFIG sets has the same value in the tree's .config.  olddefconfig
# drops what the source cannot build: PREEMPT_RT, PREEMPT_LAZY... of a
# Debian featureset without its patch set, a driver of another build.
# Not compared: what the toolchain detects (check_compiler's business) and
# what prepare-source sets (signing keys, build salt).
target_config_check() {
	local diffs n
	diffs=$(awk '
		!/^CONFIG_[A-Za-z0-9_]+=/ { next }
		{ i = index($0, "="); k = substr($0, 8, i - 8); v = substr($0, i + 1) }
		k ~ /^(CC|AS|LD|GCC|CLANG|LLD|RUSTC|BINDGEN|PAHOLE)_/ { next }
		k ~ /_HAS_|^TOOLS_SUPPORT_|^(SYSTEM_TRUSTED|SYSTEM_REVOCATION)_KEYS$/ { next }
		k ~ /^(MODULE_SIG_KEY|BUILD_SALT)$/ { next }
		FNR == NR { t[k] = v; next }
		!(k in t) { printf "CONFIG_%s=%s (unset there)\n", k, v; next }
		t[k] != v { printf "CONFIG_%s=%s (%s there)\n", k, v, t[k] }
	' "$TREE/.config" "$CONFIG") ||
		die "cannot compare $CONFIG with $TREE/.config"
	[ -n "$diffs" ] || return 0
	n=$(wc -l <<<"$diffs")
	die "$TREE is not configured as $REL ($CONFIG): $n option(s)" \
		"differ, e.g. $(head -n 6 <<<"$diffs" | paste -sd, - |
			sed 's/,/, /g'). Code compiled there would not" \
		"match the running kernel. $(config_hint "$diffs")"
}

# config_hint: what to do about a tree configured unlike the target
config_hint() {
	local fs
	fs=$(debian_featureset "$REL")
	if grep -q '^CONFIG_DEBUG_INFO_BTF' <<<"$1"; then
		# scripts/pahole-version.sh: Kconfig offers BTF only with a
		# pahole new enough (struct module has BTF fields then)
		echo "BTF needs pahole (package dwarves) at least as new as" \
			"the kernel's build had: install it, then run again" \
			"(the tree is prepared again)"
	elif [ -n "$SRCDIR" ]; then
		echo "Configure $SRCDIR with $CONFIG (make olddefconfig" \
			"must keep every option), or drop -s"
	elif [ -n "$fs" ] && [ ! -f "$TREE/.suture-featureset" ]; then
		echo "The source lacks Debian's $fs patch set: pass -s with" \
			"a prepared tree of $REL's own source"
	else
		echo "Is $REL built from Debian's linux-source" \
			"$KBUILD_VERSION? Pass -s with a prepared tree of its" \
			"source"
	fi
}

# target_layout: measure the special-section entry layouts of the tree the
# objects are compiled in (create-diff-object and create-patch-module read
# $SUTURE_LAYOUT); when $REL's own build (its headers) is installed, its
# layouts must be the same: a tree of another series is refused here.
target_layout() {
	local d=$CACHE/layout hl key diffs
	mkdir -p "$d"
	key=$(printf '%s' "$TREE" | sha256sum | cut -c1-16)
	SUTURE_LAYOUT=$d/tree-$key
	"$LIBDIR/probe-layout" "$TREE" "$SUTURE_LAYOUT" ||
		die "cannot establish the special-section layouts of $TREE" \
			"(above): nothing is assumed, fix the tree"
	export SUTURE_LAYOUT
	if [ -n "$KVERSION" ] &&
		! grep -qx "version $KVERSION" "$SUTURE_LAYOUT"; then
		die "$TREE is kernel $(sed -n 's/^version //p' \
			"$SUTURE_LAYOUT"), but $REL is $KVERSION"
	fi
	[ -d "$KDIR/include" ] || return 0
	hl=$d/headers-$REL
	"$LIBDIR/probe-layout" "$KDIR" "$hl" ||
		die "cannot establish the layouts of $REL's headers" \
			"($KDIR, above)"
	if ! diffs=$(diff <(grep -v '^version ' "$hl") \
		<(grep -v '^version ' "$SUTURE_LAYOUT")); then
		die "the special-section layouts of $TREE differ from those" \
			"of $REL's own build ($KDIR):" \
			"$(grep '^[<>]' <<<"$diffs" | tr '\n' ' ')- objects" \
			"compiled there would be mis-read: use $REL's source"
	fi
	verbose "special-section layouts: $SUTURE_LAYOUT"
}

# kmake ARGS...: make in the prepared tree, with the flags every object of
# a livepatch build is compiled with.  Callers hold the tree's lock (fd 9)
# until they have copied what they need out of the tree.
kmake() {
	(cd "$TREE" && make -s -j"$JOBS" CC="$KCC" \
		KCFLAGS="-ffunction-sections -fdata-sections" "$@")
}
