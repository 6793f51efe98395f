#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Fork storm during transitions: tasks born while a transition is open run
# the target version at once and never hold the transition; the storm runs
# across the start and the end of both the patch and the unpatch
# transitions.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_a

storm() {
	while [ ! -e /tmp/stop ]; do
		/bin/true
		(: ) &
		wait
	done
}
storm &
storm &

echo block >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "forkstorm: blocker kthread blocks"
insmod ./cons_patch_a.ko
check "forkstorm: only the blocked kthread stays pending" \
	wait_for 200 is $P pending 1
i=0
while [ $i -lt 100 ]; do
	probe >"/tmp/probe.$i" &
	i=$((i + 1))
done
probes_done() { [ "$(cat /tmp/probe.* 2>/dev/null | grep -c .)" -ge 100 ]; }
wait_for 200 probes_done || true
n=$(cat /tmp/probe.* | grep -c '^2$')
check "forkstorm: all 100 tasks born during the transition ran the new code ($n)" \
	[ "$n" -eq 100 ]
check "forkstorm: still only the blocked kthread pending" is $P pending 1
echo release >/proc/cons_target
check "forkstorm: the transition completes during the storm" \
	wait_for 200 is $P transition 0
check "forkstorm: result ok" is $P result ok
echo 0 >"$SYS/$P/enabled"
check "forkstorm: the unpatch transition completes during the storm" \
	wait_for 200 is $P transition 0
check "forkstorm: old code after unpatching" [ "$(probe)" = 1 ]
touch /tmp/stop
wait
rmmod $P
finish
