#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unpatch in the middle of a transition: disabling a patch whose enable is
# still in transition reverses it; the tasks already switched go back, and
# the kernel ends as if the patch had never been enabled.  Also with tasks
# born during the transition, and when a per-task timeout expires.
# Re-enabling during a removal reverses the removal.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "reverse: blocker kthread blocks"
insmod ./cons_patch_a.ko
check "reverse: transition open, one kthread pending" \
	wait_for 150 is $P pending 1
check "reverse: switched tasks already run the new code" \
	wait_for 50 counter_is ticker 2
echo 0 >"$SYS/$P/enabled"
check "reverse: the reversed transition completes" \
	wait_for 150 is $P transition 0
check "reverse: the patch is disabled" is $P enabled 0
echo "# result: $(attr $P result)"
check "reverse: new tasks run the old code" [ "$(probe)" = 1 ]
check "reverse: the switched kthread went back to the old code" \
	wait_for 50 counter_is ticker 1
echo release >/proc/cons_target
check "reverse: the blocked kthread is released" \
	wait_for 50 counter_is blocked 0
sleep 1
check "reverse: the blocked kthread never ran the new version" \
	counter_is new_work 0
check "reverse: the patch module can be removed" rmmod $P

# Again, with tasks born during the transition: they were born in the
# patched state and must be switched back too.
echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || true
insmod ./cons_patch_a.ko
wait_for 150 is $P pending 1 || true
i=0
while [ $i -lt 20 ]; do
	sleep 30 &
	i=$((i + 1))
done
check "reverse: tasks born during the transition are not pending" \
	is $P pending 1
echo 0 >"$SYS/$P/enabled"
check "reverse: reversal with newborn tasks completes" \
	wait_for 150 is $P transition 0
check "reverse: old code again" [ "$(probe)" = 1 ]
echo release >/proc/cons_target
rmmod $P

# Re-enabling while the patch's own removal is in transition reverses the
# removal: the tasks already back on the old code return to the new one.
insmod ./cons_patch_a.ko
wait_for 150 is $P transition 0 || fail "reverse: re-enable: patch A enabled"
echo blocknew >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "reverse: re-enable: kthread blocks in A"
echo 0 >"$SYS/$P/enabled"
check "reverse: re-enable: removal held by the kthread in the new code" \
	wait_for 150 is $P pending 1
check "reverse: re-enable: a switched kthread went back to the old code" \
	wait_for 50 counter_is ticker 1
echo 1 >"$SYS/$P/enabled"
check "reverse: re-enable: the reversed removal completes" \
	wait_for 150 is $P transition 0
check "reverse: re-enable: the patch is enabled" is $P enabled 1
check "reverse: re-enable: new code for new tasks" [ "$(probe)" = 2 ]
check "reverse: re-enable: the kthread runs the new code again" \
	wait_for 50 counter_is ticker 2
echo release >/proc/cons_target
unload_patch $P

# A per-task transition with a timeout is reversed when it expires, and
# the patch is refused with the reason.
echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || true
insmod ./cons_patch_a.ko timeout=3
check "reverse: timeout: transition open with the kthread pending" \
	wait_for 150 is $P pending 1
check "reverse: timeout: the transition is reverted and ends" \
	wait_for 200 is $P transition 0
echo "# result: $(attr $P result)"
timed_out() { attr "$P" result | grep -q "enable failed: timed out (per-task model)"; }
check "reverse: timeout: result says why" timed_out
check "reverse: timeout: the patch is not enabled" is $P enabled 0
check "reverse: timeout: old code everywhere" [ "$(probe)" = 1 ]
check "reverse: timeout: the kthread that had switched went back" \
	wait_for 50 counter_is ticker 1
echo release >/proc/cons_target
rmmod $P
finish
