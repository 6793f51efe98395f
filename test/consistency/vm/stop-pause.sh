#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The stop model's pause limit: when checking every stack would stop the
# machine longer than stop_max_pause_ms, the stop model is refused before
# any stop_machine(), with the reason, and nothing changes; with the limit
# back to its default the same patch applies.
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
stop_on_rt
P=cons_patch_a
PAR=/sys/module/suture/parameters
check "stop-pause: the default limit is 50 ms" [ "$(cat $PAR/stop_max_pause_ms)" = 50 ]
check "stop-pause: the default per-task timeout is 300 s" \
	[ "$(cat $PAR/pertask_timeout)" = 300 ]
i=0
PIDS=
while [ $i -lt 300 ]; do
	sleep 3600 &
	PIDS="$PIDS $!"
	i=$((i + 1))
done
echo 1 >$PAR/stop_max_pause_ms
dmesg -c >/dev/null
insmod ./$P.ko model=stop
check "stop-pause: the transition ends at once" wait_for 100 is $P transition 0
echo "# result: $(attr $P result)"
refused() {
	attr "$P" result |
		grep -q "enable failed: stop model refused: pause estimated at [0-9]* us for [0-9]* tasks > stop_max_pause_ms 1; use per-task"
}
check "stop-pause: refused, result says why" refused
check "stop-pause: the patch is not enabled" is $P enabled 0
check "stop-pause: old code" [ "$(probe)" = 1 ]
check "stop-pause: no stop_machine switched anything" \
	sh -c "! dmesg | grep -q 'stop_machine switched'"
rmmod $P
echo 50 >$PAR/stop_max_pause_ms
insmod ./$P.ko model=stop
check "stop-pause: with the default limit the patch applies" \
	wait_for 300 is $P enabled 1
check "stop-pause: new code" [ "$(probe)" = 2 ]
unload_patch $P
# shellcheck disable=SC2086  # a list of pids
kill $PIDS 2>/dev/null
finish
