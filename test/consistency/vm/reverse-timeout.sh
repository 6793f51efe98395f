#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A transition the engine turned back on timeout, turned again by the user,
# both directions.  `enabled` always says where the open transition heads,
# writing the opposite value turns it again, and the end state is where it
# heads last (never computed from where it began: tasks switched back to
# the old code must not run the new one without a stack check).
# A user task sleeping in a replaced function (uwait) holds one direction,
# the kthread blocked in the new version (blocknew) holds the other.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a
# no fake signals: the sleeping reader must stay where it is
echo 600000 >/sys/module/suture/parameters/nudge_after_ms
turned() { dmesg | grep -q "'$P': transition reversed"; }
refused() { ! sh -c "echo $1 >$SYS/$P/enabled" 2>/dev/null; }

# Enable: the reader sleeps in the old uwait, the kthread switches and
# blocks in the new work.  The timeout turns the enable back; the kthread
# then holds the reversal open.
echo blocknew >/proc/cons_target
cat /proc/cons_target_uwait >/dev/null &
reader=$!
sleep 1
dmesg -c >/dev/null
insmod ./cons_patch_a.ko timeout=3
check "reverse-timeout: enable: kthread blocks in the new code" \
	wait_for 100 counter_is blocked 1
check "reverse-timeout: enable: the timeout turns the transition back" \
	wait_for 100 turned
check "reverse-timeout: enable: turned back, enabled reads 0" is $P enabled 0
check "reverse-timeout: enable: the reversal is held open" is $P transition 1
check "reverse-timeout: enable: writing 0 again is refused" refused 0
echo 1 >"$SYS/$P/enabled"
check "reverse-timeout: enable: writing 1 turns it towards patched again" \
	is $P enabled 1
echo release >/proc/cons_target
wait "$reader"
check "reverse-timeout: enable: the transition ends" \
	wait_for 150 is $P transition 0
echo "# result: $(attr $P result)"
check "reverse-timeout: enable: the patch is enabled" is $P enabled 1
check "reverse-timeout: enable: result ok" is $P result ok
check "reverse-timeout: enable: new code" [ "$(probe)" = 2 ]
check "reverse-timeout: enable: the kthread runs the new code" \
	wait_for 50 counter_is ticker 2

# Disable: the kthread blocks in the new work; a reader born during the
# removal sleeps in the old uwait.  The timeout turns the removal back
# (the reader holds it open); writing 0 turns it again.
echo blocknew >/proc/cons_target
wait_for 100 counter_is blocked 1 || fail "reverse-timeout: disable: kthread blocks"
dmesg -c >/dev/null
echo 0 >"$SYS/$P/enabled"
cat /proc/cons_target_uwait >/dev/null &
reader=$!
check "reverse-timeout: disable: the timeout turns the removal back" \
	wait_for 100 turned
check "reverse-timeout: disable: turned back, enabled reads 1" is $P enabled 1
check "reverse-timeout: disable: the reversal is held open" is $P transition 1
check "reverse-timeout: disable: writing 1 again is accepted" \
	sh -c "echo 1 >$SYS/$P/enabled"
held() { is "$P" enabled 1 && is "$P" transition 1; }
check "reverse-timeout: disable: ... and changes nothing (enabled 1, in transition)" \
	held
echo 0 >"$SYS/$P/enabled"
check "reverse-timeout: disable: writing 0 turns it towards unpatched again" \
	is $P enabled 0
echo release >/proc/cons_target
wait "$reader"
check "reverse-timeout: disable: the transition ends" \
	wait_for 150 is $P transition 0
echo "# result: $(attr $P result)"
check "reverse-timeout: disable: the patch is disabled" is $P enabled 0
check "reverse-timeout: disable: old code" [ "$(probe)" = 1 ]
check "reverse-timeout: disable: the kthread runs the old code" \
	wait_for 50 counter_is ticker 1
check "reverse-timeout: disable: the patch module can be removed" rmmod $P
finish
