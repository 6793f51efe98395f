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

core_build() {
	: "${top:?core_build needs \$top}"
	local krel=$1 log=$2 have=
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

# series_file SERIES DIR FILE: DIR/SERIES/FILE when there is one (a
# scenario rebased for that kernel series: patches/6.12/NAME.patch), else
# DIR/FILE.  SERIES: "6.1", "6.12" (kernel_series).
series_file() {
	if [ -f "$2/$1/$3" ]; then
		echo "$2/$1/$3"
	else
		echo "$2/$3"
	fi
}

# kernel_series KREL: the series of a kernel release (6.12.118+deb12-amd64
# -> 6.12)
kernel_series() {
	cut -d. -f1,2 <<<"$1"
}
