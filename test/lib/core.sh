# shellcheck shell=bash
# suture.ko for the kernel a test area targets (source this file).
# core_build KREL LOG: builds $top/suture.ko (and Module.symvers) for KREL
# with Kbuild in the work tree; returns non-zero with Kbuild's output in
# LOG when that fails.  The flavours of one series share their headers'
# paths (6.1.0-57-amd64 and -cloud-amd64 use the same common tree), so
# Kbuild sees unchanged command lines and would keep another flavour's
# objects: the tree is cleaned first when suture.ko's vermagic names
# another release than KREL.  Needs $top (the work tree); honours
# SUTURE_KERNEL_ROOT as test/vm/run does.

# shellcheck source=kpatch-build/lib/version.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../kpatch-build/lib/version.sh" # headers_version

# checkout_lock: this checkout's test lock (flock(1) on the $top directory,
# fd 5), held until the calling process and the children it started exit.
# The tree has one suture.ko, built for one kernel at a time: a second run
# (another SUTURE_KERNEL) would rebuild it under the first one's VMs.  A
# child of the run that holds it (run-all -> area runner) inherits fd 5 and
# passes.  Returns 1, saying what to do, when another run holds it.
checkout_lock() {
	: "${top:?checkout_lock needs \$top}"
	local phys
	phys=$(cd "$top" && pwd -P) || return 1
	if [ "$(readlink /proc/self/fd/5 2>/dev/null)" != "$phys" ]; then
		exec 5<"$phys" || return 1
	fi
	flock -n 5 && return 0
	exec 5<&-
	echo "another test run is using this checkout ($phys): its suture.ko" \
		"is built for one kernel at a time; wait for that run, or run each" \
		"kernel in a worktree of its own (git worktree add)" >&2
	return 1
}

core_build() {
	: "${top:?core_build needs \$top}"
	local krel=$1 log=$2 have=
	checkout_lock 2>"$log" || return 1
	# a kernel outside /lib/modules (the debug kernel: SUTURE_KERNEL_ROOT)
	local kdir=${SUTURE_KERNEL_ROOT:-}/lib/modules/$1/build
	if [ -f "$top/suture.ko" ]; then
		have=$(modinfo -F vermagic "$top/suture.ko" 2>/dev/null |
			cut -d' ' -f1)
	fi
	if [ -n "$have" ] && [ "$have" != "$krel" ]; then
		make -s -C "$kdir" M="$top" clean >"$log" 2>&1 || return 1
	fi
	make -C "$kdir" M="$top" modules >"$log" 2>&1 || return 1
	have=$(modinfo -F vermagic "$top/suture.ko" 2>/dev/null | cut -d' ' -f1)
	if [ "$have" != "$krel" ]; then
		echo "suture.ko's vermagic names '$have', not $krel" >>"$log"
		return 1
	fi
}

# series_file VERSION DIR FILE: the scenario FILE as rebased for the
# target, else DIR/FILE.  VERSION: the target's upstream version (6.1.190,
# kernel_version) or only its series (6.12).  Rebased copies live in
#   DIR/S.N/FILE  for the builds of series S up to sublevel N (an older
#                 build whose source differs: 6.1.190's loop.c has no
#                 exclusive claim); the lowest N >= the target's wins
#   DIR/S/FILE    for the whole series S (patches/6.12/NAME.patch)
series_file() {
	local series=${1%.*} sub=${1##*.} d n best=
	if [ "$(tr -cd . <<<"$1")" = .. ]; then
		for d in "$2/$series".*/; do
			n=${d%/}
			n=${n##*.}
			if [ -f "$d$3" ] && [[ $n =~ ^[0-9]+$ ]] &&
				[ "$n" -ge "$sub" ] &&
				{ [ -z "$best" ] || [ "$n" -lt "$best" ]; }; then
				best=$n
			fi
		done
		if [ -n "$best" ]; then
			echo "$2/$series.$best/$3"
			return
		fi
	else
		series=$1
	fi
	if [ -f "$2/$series/$3" ]; then
		echo "$2/$series/$3"
	else
		echo "$2/$3"
	fi
}

# rt_patchset_missing KREL: Debian's -rt kernels are built from
# linux-source plus the rt patch set of the source package, which
# livepatch-build fetches through deb-src; a mirror that serves binaries
# only cannot give it (this machine's, for the security archive's builds),
# and every build for KREL would be refused for that.  Then prints why and
# returns 0 (the area skips its builds, naming it); else returns 1.
rt_patchset_missing() {
	local ver err
	case $1 in
	*-rt-*) ;;
	*) return 1 ;;
	esac
	ver=$(dpkg-query -W -f='${Version}' "linux-image-$1" 2>/dev/null)
	[ -n "$ver" ] || return 1
	if err=$("$top/kpatch-build/lib/fetch-featureset" rt \
		"$(kernel_series "$1")" "${ver%+b[0-9]*}" \
		"${SUTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/suture}/debsrc" \
		2>&1 >/dev/null); then
		return 1
	fi
	echo "Debian's rt patch set of $ver is not served here:" \
		"$(tail -n 1 <<<"$err" | cut -c1-240)"
}

# kernel_version KREL: the upstream version of the target's build (6.1.190)
# from its headers' version.h (below SUTURE_KERNEL_ROOT, as core_build;
# livepatch-build's headers_version); only the series (kernel_series)
# when the headers do not say
kernel_version() {
	local v
	v=$(headers_version "${SUTURE_KERNEL_ROOT:-}/lib/modules/$1/build")
	if [ -n "$v" ]; then
		echo "$v"
	else
		kernel_series "$1"
	fi
}

# kernel_series KREL: the series of a kernel release (6.12.118+deb12-amd64
# -> 6.12)
kernel_series() {
	cut -d. -f1,2 <<<"$1"
}
