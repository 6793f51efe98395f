#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A target module loading while a patch's transition is open (the kernel's
# livepatch selftests have no such case): it is patched as it comes, its
# functions follow the transition (tasks already switched, or born since,
# run the new version), and the end of the transition, either way, leaves
# it like every other object.  Both directions.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_m
late() { cat /proc/cons_late; }

# Enable held open by the kthread sleeping in the old cons_target_work.
echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "module-transition: kthread blocks"
insmod ./$P.ko
check "module-transition: enable open, one kthread pending" \
	wait_for 150 is $P pending 1
check "module-transition: object not loaded yet" is $P/cons_late loaded 0
insmod ./cons_late.ko
check "module-transition: the module loads during the transition" \
	[ -e /proc/cons_late ]
check "module-transition: its object is loaded and patched" \
	sh -c "[ \$(cat $SYS/$P/cons_late/loaded) = 1 ] && [ \$(cat $SYS/$P/cons_late/cons_late_value,1/patched) = 1 ]"
check "module-transition: a task born during the transition runs the new version" \
	[ "$(late)" = 2 ]
check "module-transition: the transition is still open" is $P transition 1
echo release >/proc/cons_target
check "module-transition: the transition ends" wait_for 150 is $P transition 0
check "module-transition: enabled, result ok" \
	sh -c "[ \$(cat $SYS/$P/enabled) = 1 ] && [ \"\$(cat $SYS/$P/result)\" = ok ]"
check "module-transition: the late module runs the new version" [ "$(late)" = 2 ]
rmmod cons_late

# Disable held open by the kthread sleeping in the new cons_target_work.
echo blocknew >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "module-transition: kthread blocks in new code"
echo 0 >"$SYS/$P/enabled"
check "module-transition: disable open, one kthread pending" \
	wait_for 150 is $P pending 1
insmod ./cons_late.ko
check "module-transition: the module loads during the removal" \
	[ -e /proc/cons_late ]
check "module-transition: a task born during the removal runs the old version" \
	[ "$(late)" = 1 ]
echo release >/proc/cons_target
check "module-transition: the removal ends" wait_for 150 is $P transition 0
check "module-transition: disabled" is $P enabled 0
check "module-transition: the late module runs the old version" [ "$(late)" = 1 ]
check "module-transition: its object is unpatched" \
	is $P/cons_late/cons_late_value,1 patched 0
check "module-transition: the patch module and the module unload" \
	rmmod $P cons_late
finish
