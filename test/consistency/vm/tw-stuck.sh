#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A task work of the engine stuck behind another task work of the same
# task_work_run() batch (here one that sleeps, as a blocking fput would):
# the transition still ends, and suture's lock is not held while that
# work waits (sysfs reads, module loads go on).  The work runs later,
# changes nothing, and suture.ko can still be removed afterwards.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a
echo 600000 >/sys/module/suture/parameters/nudge_after_ms
echo twhold >/proc/cons_target
cat /proc/cons_target_uwait >/dev/null &
reader=$!
sleep 1
insmod ./cons_patch_a.ko
check "tw-stuck: the reader sleeping in the old code is pending" \
	wait_for 100 is $P pending 1
# passes every 0.1 s queue a task work on the pending reader
sleep 1
echo release >/proc/cons_target
check "tw-stuck: the reader sleeps in a task work queued after ours" \
	wait_for 100 counter_is twhold 1
# A read that blocks on suture's lock must not hang the script: the
# reads run in the background and the last value read lands in a file.
# Read again until the transition has ended: one read may come before
# the engine's next pass (it answers 1 then, without blocking).
rm -f ./transition.out
(
	while :; do
		v=$(cat "$SYS/$P/transition") || break
		echo "$v" >./transition.tmp && mv ./transition.tmp ./transition.out
		[ "$v" = 0 ] && break
		usleep 200000
	done
) &
poller=$!
ended() { [ -f ./transition.out ] && [ "$(cat ./transition.out)" = 0 ]; }
check "tw-stuck: the transition ends, sysfs answers (lock not held meanwhile)" \
	wait_for 600 ended
kill "$poller" 2>/dev/null
wait "$poller" 2>/dev/null
check "tw-stuck: the patch is enabled" is $P enabled 1
check "tw-stuck: new code" [ "$(probe)" = 2 ]
rm -f ./insmod.out
(insmod ./cons_patch_b.ko && echo 0 >./insmod.out) &
check "tw-stuck: a patch module loads while the work is stuck" \
	wait_for 150 [ -f ./insmod.out ]
echo twrelease >/proc/cons_target
check "tw-stuck: that patch's transition ends too" \
	wait_for 150 is cons_patch_b transition 0
wait "$reader"
check "tw-stuck: the held task work ended" wait_for 50 counter_is twhold 0
unload_patch cons_patch_b
unload_patch $P
check "tw-stuck: suture.ko can be removed" rmmod suture
finish
