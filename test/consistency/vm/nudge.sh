#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Per-task model, grace period: a user task sleeping (interruptibly) inside a
# replaced function holds the transition until the engine sends it a fake
# signal; its read is restarted, it switches on the way out of the kernel,
# and the restarted read runs the new version.  Nothing is released.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a

cat /proc/cons_target_uwait >/tmp/uwait.out &
sleep 1
insmod ./cons_patch_a.ko
check "nudge: the sleeping user task holds the transition" \
	wait_for 100 is $P pending 1
in_uwait() { grep -q " cat cons_target_uwait+0x" "$SYS/$P/blocking"; }
check "nudge: blocking names the user task and its frame" in_uwait
attr $P blocking | sed 's/^/# blocking: /'
check "nudge: the transition completes after the grace period, unreleased" \
	wait_for 300 is $P transition 0
check "nudge: result ok" is $P result ok
signalled() { dmesg | grep -q "'$P': signalling 1 remaining task"; }
check "nudge: the engine logged that it signalled the task" signalled
got_new() { [ "$(cat /tmp/uwait.out)" = 2 ]; }
check "nudge: the restarted read ran the new version (no error seen)" \
	wait_for 50 got_new
echo 0 >"$SYS/$P/enabled"
check "nudge: unpatching completes" wait_for 150 is $P transition 0
rmmod $P
finish
