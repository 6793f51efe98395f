#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Force: an administrator completes a transition a kthread blocks; the
# kernel is tainted (TAINT_LIVEPATCH) and the patch says forced.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "force: blocker kthread blocks"
insmod ./cons_patch_a.ko
check "force: transition held by the kthread" wait_for 150 is $P pending 1
check "force: not forced yet" is $P forced 0
t0=$(cat /proc/sys/kernel/tainted)
check "force: not tainted for livepatch before" [ $((t0 & 32768)) -eq 0 ]
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
rmmod $P
finish
