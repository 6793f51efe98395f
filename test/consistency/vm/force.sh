#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Force: an administrator completes a transition a kthread blocks; the
# kernel is tainted (TAINT_LIVEPATCH, already since the patch was applied)
# and the patch says forced.  A forced
# patch's module can never be removed again (tasks may still run its code),
# also after a forced unpatch, where the kthread sleeps inside it.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_b

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "force: blocker kthread blocks"
t0=$(cat /proc/sys/kernel/tainted)
check "force: not tainted for livepatch before any patch" \
	[ $((t0 & 32768)) -eq 0 ]
insmod ./cons_patch_b.ko
check "force: transition held by the kthread" wait_for 150 is $P pending 1
check "force: not forced yet" is $P forced 0
t0=$(cat /proc/sys/kernel/tainted)
check "force: applying a patch taints (TAINT_LIVEPATCH), as klp does" \
	[ $((t0 & 32768)) -ne 0 ]
echo 1 >"$SYS/$P/force"
check "force: the transition completes" wait_for 100 is $P transition 0
check "force: forced says 1" is $P forced 1
check "force: the patch is enabled" is $P enabled 1
t1=$(cat /proc/sys/kernel/tainted)
check "force: the kernel is tainted (TAINT_LIVEPATCH)" [ $((t1 & 32768)) -ne 0 ]
echo release >/proc/cons_target
check "force: the formerly blocked kthread runs the new code" \
	wait_for 50 counter_gt new_work 0
echo 0 >"$SYS/$P/enabled"
check "force: unpatching afterwards completes" wait_for 150 is $P transition 0
check "force: the patch is disabled" is $P enabled 0
# After a force, tasks may still be in the module's code: it stays.
check "force: a forced patch's module cannot be removed" \
	sh -c "! rmmod $P 2>/dev/null"
check "force: its sysfs directory stays" [ -d "$SYS/$P" ]

# A forced unpatch: the kthread sleeps in the patch's new version while
# the patch is removed, and runs on in it after the force: the module
# must still be there.
Q=cons_patch_a
insmod ./cons_patch_a.ko
check "force: unpatch: patch A enabled" wait_for 150 is $Q transition 0
echo blocknew >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "force: unpatch: kthread blocks in A"
echo 0 >"$SYS/$Q/enabled"
check "force: unpatch: held by the kthread in A's code" \
	wait_for 150 is $Q pending 1
echo "# blocking: $(attr $Q blocking)"
echo 1 >"$SYS/$Q/force"
check "force: unpatch: the forced removal completes" \
	wait_for 100 is $Q transition 0
check "force: unpatch: A is disabled" is $Q enabled 0
check "force: unpatch: A's module cannot be removed" \
	sh -c "! rmmod $Q 2>/dev/null"
echo release >/proc/cons_target
check "force: unpatch: the kthread leaves A's code safely" \
	wait_for 50 counter_is blocked 0
sleep 1
check "force: unpatch: A's module is still loaded" \
	grep -q "^$Q " /proc/modules
finish
