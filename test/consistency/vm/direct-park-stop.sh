#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# The stop model waiting for a direct-call slot to drain longer than its
# own timeout (10 s, for stop_machine() retries): a reader parked in A's
# slot (as in direct-park) for 15 s while B, stop model, no timeout of its
# own, is loaded.  The wait is bounded by the per-task model's timeout
# (300 s), and B's 10 s count from its end: B stays in transition past
# 10 s, then applies once the reader is released (before the fix: "timed
# out (stop model) waiting for direct-call trampolines to drain" after
# 10 s, as on the debug kernel under load).
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
stop_on_rt # the stop model's mechanism: opted in on PREEMPT_RT
A=cons_patch_a
B=cons_patch_b

park_in_slot direct-park-stop $A
pp=$PARKED

insmod ./$B.ko model=stop
check "direct-park-stop: B loads while the reader is parked" [ -d "$SYS/$B" ]
sleep 15
check "direct-park-stop: the reader is still parked after 15 s" parked
check "direct-park-stop: B's transition is still open past the stop model's 10 s" \
	is $B transition 1
check "direct-park-stop: B has not failed" \
	sh -c "! grep -q 'timed out' $SYS/$B/result"
echo release >/proc/cons_park
wait $pp
check "direct-park-stop: the released reader ran A's version (2)" \
	[ "$(cat /tmp/parked-out)" = 2 ]
check "direct-park-stop: B's transition completes" wait_for 300 is $B transition 0
check "direct-park-stop: B is enabled" is $B enabled 1
check "direct-park-stop: B's version runs (3)" [ "$(probe)" = 3 ]
rmmod cons_park
unload_patch $B
unload_patch $A
check "direct-park-stop: the original runs after both are removed (1)" \
	[ "$(probe)" = 1 ]
finish
