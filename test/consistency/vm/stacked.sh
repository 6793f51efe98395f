#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Stacked patches: when patch B replaces functions patch A already
# replaces, a task sleeping inside A's new version (the version live
# underneath) holds B's transition; the stack check names A's function.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
A=cons_patch_a
B=cons_patch_b

insmod ./cons_patch_a.ko
check "stacked: patch A applies" wait_for 150 is $A transition 0
check "stacked: A's version runs (probe 2)" [ "$(probe)" = 2 ]
echo blocknew >/proc/cons_target
check "stacked: the kthread sleeps inside A's new function" \
	wait_for 50 counter_is blocked 1

insmod ./cons_patch_b.ko
check "stacked: B's transition waits for the kthread" \
	wait_for 150 is $B pending 1
in_a() { grep -q "cons_blocker new_cons_target_work+0x.*\[cons_patch_a\]" "$SYS/$B/blocking"; }
check "stacked: blocking names A's version, the one live underneath" in_a
attr $B blocking | sed 's/^/# blocking: /'
check "stacked: tasks born now run B's version (probe 3)" [ "$(probe)" = 3 ]
check "stacked: switched kthreads run B's version" \
	wait_for 50 counter_is ticker 3
echo release >/proc/cons_target
check "stacked: B's transition completes once released" \
	wait_for 150 is $B transition 0
check "stacked: B's result ok" is $B result ok

echo 0 >"$SYS/$B/enabled"
check "stacked: unpatching B completes" wait_for 150 is $B transition 0
check "stacked: A's version runs again (probe 2)" [ "$(probe)" = 2 ]
echo 0 >"$SYS/$A/enabled"
check "stacked: unpatching A completes" wait_for 150 is $A transition 0
check "stacked: the original runs again (probe 1)" [ "$(probe)" = 1 ]
rmmod $B
rmmod $A
finish
