#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# 100 patch/unpatch cycles (alternating per-task and stop models) of a
# function called constantly by busy kthreads on every CPU: every cycle
# completes, no call is lost (old_hot + new_hot == calls made), and no call
# chain mixes versions (hot and the hot_inner it calls are patched together).
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
# The engine under load, not the direct-call switch (test direct and
# bench/direct-cycles do that): each switch waits for RCU-tasks grace
# periods, several seconds a cycle under TCG, beyond this scenario's time.
echo 0 >/sys/module/suture/parameters/direct
P=cons_patch_hot
N=${CYCLES:-100}

# PREEMPT_RT preempts a kthread anywhere: when stop_machine holds the
# CPUs a spinner is, nearly always, inside the hot function itself, and
# the stop model times out (measured on 6.1.0-57-rt: 17 attempts, the
# spinners at cons_target_hot_inner+0x5); per-task cycles only there.
# A per-task cycle takes ~6 s there under TCG (measured on 6.1.0-57-rt:
# 10 cycles in 61 s, none lost or mixed): 100 exceed the VM's 400 s, so
# 40 cycles on RT.
models="per-task stop"
if uname -v | grep -q PREEMPT_RT; then
	models="per-task per-task"
	N=${CYCLES:-40}
	ok "cycles: stop-model cycles # SKIP PREEMPT_RT: the spinners are preempted inside the function, the stop model times out"
fi

echo spin >/proc/cons_target
wait_for 50 counter_gt loops_hot 1000 || fail "cycles: spinners run"
i=0
done_ok=0
while [ $i -lt "$N" ]; do
	if [ $((i % 2)) -eq 1 ]; then m=${models#* }; else m=${models%% *}; fi
	if ! insmod ./cons_patch_hot.ko model="$m"; then
		fail "cycles: insmod in cycle $i ($m)"
		break
	fi
	if ! wait_for 600 is $P transition 0 || ! is $P enabled 1; then
		fail "cycles: patching in cycle $i ($m): $(attr $P result)"
		attr $P blocking | sed 's/^/# /'
		break
	fi
	echo 0 >"$SYS/$P/enabled"
	if ! wait_for 600 is $P transition 0 || ! is $P enabled 0; then
		fail "cycles: unpatching in cycle $i ($m): $(attr $P result)"
		break
	fi
	rmmod $P || { fail "cycles: rmmod in cycle $i"; break; }
	done_ok=$((done_ok + 1))
	i=$((i + 1))
done
echo unspin >/proc/cons_target
check "cycles: $done_ok of $N patch/unpatch cycles completed under load" \
	[ "$done_ok" -eq "$N" ]
old=$(counter old_hot)
new=$(counter new_hot)
loops=$(counter loops_hot)
echo "# calls: $loops, old version $old, new version $new"
check "cycles: no lost call (old + new == calls)" [ $((old + new)) -eq "$loops" ]
mixed=$(counter mixed)
echo "# call chains mixing old and new versions: $mixed"
check "cycles: no call chain mixed the versions of hot and hot_inner" \
	[ "$mixed" -eq 0 ]
both_ran() { [ "$old" -gt 0 ] && [ "$new" -gt 0 ]; }
check "cycles: both versions ran" both_ran
finish
