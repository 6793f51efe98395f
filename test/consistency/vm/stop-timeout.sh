#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Stop-the-world model: while a kthread sleeps in a replaced function every
# stop_machine attempt fails; after the timeout the patch is refused with a
# report naming the kthread and the kernel is unchanged.  Once the kthread
# is released, loading the patch again succeeds.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
stop_on_rt
P=cons_patch_a

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "stop: blocker kthread blocks"

insmod ./cons_patch_a.ko model=stop timeout=3
check "stop: model attribute says stop" is $P model stop
check "stop: old code while the machine cannot be stopped safely" \
	[ "$(probe)" = 1 ]
check "stop: the transition gives up after the timeout" \
	wait_for 200 is $P transition 0
res=$(attr $P result)
echo "# result: $res"
names_blocker() { echo "$res" | grep -q "enable failed.*cons_blocker cons_target_work+0x"; }
check "stop: result says the enable failed and names the kthread" names_blocker
attempts=$(echo "$res" | sed -n 's/.*stop model, \([0-9]*\) attempts.*/\1/p')
check "stop: it retried with backoff (${attempts:-?} attempts)" \
	[ "${attempts:-0}" -gt 2 ]
check "stop: blocking report names the kthread and its frame" \
	grep -q "cons_blocker cons_target_work+0x" "$SYS/$P/blocking"
attr $P blocking | sed 's/^/# blocking: /'
check "stop: the patch is not enabled" is $P enabled 0
check "stop: kernel unchanged: old code for new tasks" [ "$(probe)" = 1 ]
check "stop: kernel unchanged: old code for kthreads" counter_is ticker 1
check "stop: the refused patch module can be removed" rmmod $P

echo release >/proc/cons_target
wait_for 50 counter_is blocked 0 || true
insmod ./cons_patch_a.ko model=stop timeout=10
check "stop: a later attempt succeeds once the kthread is released" \
	wait_for 200 is $P transition 0
check "stop: result ok" is $P result ok
check "stop: every task runs the new code" [ "$(probe)" = 2 ]
check "stop: kthreads run the new code" wait_for 50 counter_is ticker 2
pause_logged() { dmesg | grep -q "stop_machine switched .* pause"; }
check "stop: the pause is logged" pause_logged
echo 0 >"$SYS/$P/enabled"
check "stop: unpatching with the stop model completes" \
	wait_for 200 is $P transition 0
check "stop: old code after unpatching" [ "$(probe)" = 1 ]
rmmod $P
finish
