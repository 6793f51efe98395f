#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# The getpid system call patched and unpatched while four processes
# (./hammer, test/consistency/hammer.c) call it in a tight loop, in each
# model (the kernel's selftest "patch getpid syscall while being heavily
# hammered", 6.12): every transition completes, every hammering process
# runs the new getpid after the patch and the original after the unpatch,
# and none switches version more than once a transition (each prints a
# line per change it sees).
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_getpid
N=4

i=1
while [ $i -le $N ]; do
	./hammer >"/tmp/hammer.$i" 2>&1 &
	echo $! >"/tmp/hammer.$i.pid"
	i=$((i + 1))
done
# each_has WORD COUNT: every hammer printed WORD COUNT times
each_has() {
	for f in /tmp/hammer.[0-9]; do
		[ "$(grep -cx "$1" "$f")" = "$2" ] || return 1
	done
}
started() {
	for f in /tmp/hammer.[0-9]; do grep -q '^start ' "$f" || return 1; done
}
check "syscall-hammer: $N processes call getpid in a loop" wait_for 100 started

# PREEMPT_RT preempts a hammer anywhere, also inside getpid: the stop
# model (refused there by default) then often finds one inside and times
# out, turning the transition back, as it should (seen on 6.1.0-57-rt:
# an unpatch reverted); per-task twice there.
models="per-task stop"
if uname -v | grep -q PREEMPT_RT; then
	models="per-task per-task"
	ok "syscall-hammer: stop model # SKIP PREEMPT_RT: a hammer preempted inside getpid holds the stop model, which times out"
fi
# state_is ENABLED: the patch's enabled reads ENABLED and its result ok
state_is() { is "$P" enabled "$1" && is "$P" result ok; }
c=0
for m in $models; do
	c=$((c + 1))
	[ "$m" = per-task ] || stop_on_rt
	if ! insmod ./$P.ko model="$m"; then
		fail "syscall-hammer ($c: $m): insmod"
		break
	fi
	check "syscall-hammer ($c: $m): the patch transition completes under the load" \
		wait_for 600 is $P transition 0
	check "syscall-hammer ($c: $m): enabled, result ok ($(attr $P result))" \
		state_is 1
	check "syscall-hammer ($c: $m): every hammering process runs the new getpid" \
		wait_for 100 each_has new $c
	calls=$(cat /sys/module/$P/parameters/calls)
	check "syscall-hammer ($c: $m): the new getpid was called ($calls)" [ "$calls" -gt 0 ]
	echo 0 >"$SYS/$P/enabled"
	check "syscall-hammer ($c: $m): the unpatch transition completes under the load" \
		wait_for 600 is $P transition 0
	check "syscall-hammer ($c: $m): disabled, result ok ($(attr $P result))" \
		state_is 0
	check "syscall-hammer ($c: $m): every hammering process runs the original getpid" \
		wait_for 100 each_has old $c
	check "syscall-hammer ($c: $m): the patch module unloads" rmmod $P
done
alive() {
	for f in /tmp/hammer.[0-9].pid; do kill -0 "$(cat "$f")" || return 1; done
}
check "syscall-hammer: the hammers ran throughout (no bad value)" alive
for f in /tmp/hammer.[0-9].pid; do kill "$(cat "$f")"; done
wait
one_switch_each() {
	for f in /tmp/hammer.[0-9]; do
		[ "$(grep -v '^start ' "$f" | tr '\n' ' ')" = "new old new old " ] || {
			echo "# $f: $(tr '\n' ' ' <"$f")"
			return 1
		}
	done
}
check "syscall-hammer: each process switched exactly once per transition" \
	one_switch_each
finish
