# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by bench/consistency and bench/stop-pause: builds suture.ko if
# needed and the benchmark modules in DIR.
# cons_bench_build TOP RELEASE DIR NAME
cons_bench_build() {
	local top=$1 krel=$2 mods=$3 name=$4
	local here=$top/bench
	if [ ! -f "$top/suture.ko" ] || [ ! -f "$top/Module.symvers" ]; then
		make -C "$top" core >/dev/null
	fi
	rm -rf "$mods"
	mkdir -p "$mods"
	cp "$top"/test/consistency/modules/*.[ch] \
		"$here"/consistency-modules/*.c \
		"$here/consistency-modules/Kbuild" "$mods/"
	make -C "/lib/modules/$krel/build" M="$mods" SUTURE_TOP="$top" \
		KBUILD_EXTRA_SYMBOLS="$top/Module.symvers" modules \
		>"$mods/build.log" 2>&1 || {
		echo "bench: $name: building the modules failed:" >&2
		tail -n 20 "$mods/build.log" >&2
		return 1
	}
}
