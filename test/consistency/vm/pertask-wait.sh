#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Per-task model: a kthread sleeping inside a replaced function holds the
# transition open while every other task already runs the new code; the
# transition completes when the kthread is released.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "blocker kthread blocks"
check "per-task: old code before the patch (probe returns 1)" [ "$(probe)" = 1 ]

insmod ./cons_patch_a.ko
check "per-task: model attribute says per-task" is $P model per-task
check "per-task: pending drops to the one blocked kthread" \
	wait_for 150 is $P pending 1
sleep 1
check "per-task: transition still open while the kthread sleeps in the old function" \
	is $P transition 1
check "per-task: blocking names the kthread and its frame in cons_target_work" \
	grep -q "cons_blocker cons_target_work+0x" "$SYS/$P/blocking"
attr $P blocking | sed 's/^/# blocking: /'
check "per-task: a task born during the transition runs the new code" \
	[ "$(probe)" = 2 ]
check "per-task: another kthread switched and runs the new code" \
	wait_for 50 counter_is ticker 2
check "per-task: the blocked kthread never ran the new version" \
	[ "$(counter new_work)" = 0 ]

echo release >/proc/cons_target
check "per-task: transition completes once the kthread is released" \
	wait_for 150 is $P transition 0
check "per-task: result is ok" is $P result ok
check "per-task: the released kthread now runs the new version" \
	wait_for 50 counter_gt new_work 0
check "per-task: pending is 0 after the transition" is $P pending 0

echo 0 >"$SYS/$P/enabled"
check "per-task: unpatch transition completes" wait_for 150 is $P transition 0
check "per-task: old code after unpatching" [ "$(probe)" = 1 ]
rmmod $P
finish
