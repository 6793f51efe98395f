#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# A task that never leaves a direct-call trampoline slot (cons_park, as
# in direct-park, not released): B's transition, which waits for the slot
# to drain before switching any task, times out, turns back and says why
# (sysfs result, `livepatch info`); nothing waits meanwhile with
# suture_mutex held (A goes direct again with its handler kept beside the
# direct call: ftrace's removal of the handler would wait for the grace
# period the parked task holds up).  Released, the reader runs A's
# version; after the grace period A's handler goes, and B then applies.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
A=cons_patch_a
B=cons_patch_b
mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
# ops: how many ftrace ops cons_target_probe's site has ("(N)")
ops() {
	sed -n 's/^cons_target_probe \[cons_target\] (\([0-9]*\)).*/\1/p' \
		/sys/kernel/tracing/enabled_functions
}
ops_is() { [ "$(ops)" = "$1" ]; }

park_in_slot direct-park-timeout $A
pp=$PARKED

insmod ./$B.ko timeout=3
check "direct-park-timeout: B's transition times out and ends" \
	wait_for 300 is $B transition 0
check "direct-park-timeout: the reader is still parked" parked
check "direct-park-timeout: B is not enabled" is $B enabled 0
res=$(attr $B result)
echo "# B's result: $res"
says() { echo "$res" | grep -q "$1"; }
check "direct-park-timeout: B's result says the trampolines did not drain" \
	says 'enable failed: timed out .*waiting for direct-call trampolines to drain'

if command -v livepatch >/dev/null; then
	check "direct-park-timeout: livepatch info B explains it" \
		sh -c "livepatch info $B | grep -q 'trampolines to drain'"
else
	echo "# livepatch CLI not in the VM (cli/ not built): sysfs only"
fi
check "direct-park-timeout: A's cons_target_probe is direct again" \
	[ "$(pmode $A)" = direct ]
check "direct-park-timeout: its handler is kept beside the direct call" ops_is 2
check "direct-park-timeout: a new reader runs A's version (2)" [ "$(probe)" = 2 ]
check "direct-park-timeout: a module loads (suture_mutex is free)" \
	timeout 20 insmod ./cons_late.ko
rmmod cons_late 2>/dev/null
check "direct-park-timeout: sysfs answers (enabled)" timeout 10 cat "$SYS/$A/enabled"

echo release >/proc/cons_park
wait $pp
check "direct-park-timeout: the released reader ran A's version (2)" \
	[ "$(cat /tmp/parked-out)" = 2 ]
check "direct-park-timeout: after the grace period the handler goes" \
	wait_for 300 ops_is 1
check "direct-park-timeout: B's module unloads" rmmod $B
rmmod cons_park
insmod ./$B.ko
check "direct-park-timeout: B applies now" wait_for 300 is $B transition 0
check "direct-park-timeout: B is enabled" is $B enabled 1
check "direct-park-timeout: B's version runs (3)" [ "$(probe)" = 3 ]
unload_patch $B
unload_patch $A
check "direct-park-timeout: the original runs after both are removed (1)" \
	[ "$(probe)" = 1 ]
finish
