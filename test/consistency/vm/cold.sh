#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A kthread sleeping in the out-of-line cold part (NAME.cold) of a replaced
# function holds the transition like one sleeping in its body (per-task and
# stop model): only the cold part is on its stack.  A stop-model
# transition retries and succeeds once the kthread is released.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
stop_on_rt
P=cons_patch_cold

# Where the kthread sleeps: the cold part, when gcc made one.  With some
# kernels' flags (6.12) gcc keeps the branch in the function: the checks
# then name the function itself, and the cold-part check is skipped.
where=cons_target_cold.cold
if grep -q " cons_target_cold.cold" /proc/kallsyms; then
	ok "cold: cons_target_cold has a cold part"
else
	ok "cold: cons_target_cold has a cold part # SKIP gcc made none with the flags of $KREL"
	where=cons_target_cold
fi
echo blockcold >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "cold: kthread blocks in the cold part"
insmod ./cons_patch_cold.ko
check "cold: per-task: the kthread in the cold part is pending" \
	wait_for 150 is $P pending 1
sleep 1
check "cold: per-task: the transition stays open" is $P transition 1
check "cold: per-task: blocking names the cold part" \
	grep -q "cons_blocker $where+0x" "$SYS/$P/blocking"
attr $P blocking | sed 's/^/# blocking: /'
echo release >/proc/cons_target
check "cold: per-task: completes once the kthread left" \
	wait_for 150 is $P transition 0
check "cold: per-task: enabled" is $P enabled 1
unload_patch $P

echo blockcold >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "cold: kthread blocks again"
insmod ./cons_patch_cold.ko model=stop timeout=2
check "cold: stop: refused while the kthread sleeps in the cold part" \
	wait_for 200 is $P transition 0
check "cold: stop: not enabled" is $P enabled 0
attr $P result | sed 's/^/# result: /'
names_cold() { attr "$P" result | grep -q "$where+0x"; }
check "cold: stop: the report names the cold part" names_cold
rmmod $P

# One stop-model transition that retries while the kthread sleeps there
# and succeeds, within the same transition, once it is released.
insmod ./cons_patch_cold.ko model=stop timeout=30
sleep 2
check "cold: stop: still retrying while the kthread sleeps" \
	is $P transition 1
echo release >/proc/cons_target
check "cold: stop: the same transition succeeds after the release" \
	wait_for 300 is $P transition 0
check "cold: stop: enabled, result ok" \
	sh -c "[ \"\$(cat $SYS/$P/enabled)\" = 1 ] && [ \"\$(cat $SYS/$P/result)\" = ok ]"
unload_patch $P
finish
