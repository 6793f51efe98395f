#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Direct calls: once no transition involves a patched function, its call
# site calls the new function through a trampoline (mode "direct"); a new
# transition on it (a stacked patch, a disable, a replace, a force) first
# takes it back to the handler, which chooses per task; the parameter
# "direct" turns the fast path off and on; the function tracer and a
# kprobe share the site; switching under load loses no call.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
A=cons_patch_a
B=cons_patch_b
PARAM=/sys/module/suture/parameters/direct

# mode PATCH: sysfs mode of the patch's cons_target_work
mode() { cat "$SYS/$1"/cons_target/cons_target_work,*/mode 2>/dev/null; }
mode_is() { [ "$(mode "$1")" = "$2" ]; }
mode_like() { mode "$1" | grep -q "$2"; }

insmod ./cons_patch_a.ko
check "direct: patch A applies" wait_for 150 is $A transition 0
check "direct: A's function is called directly after its transition" \
	mode_is $A direct
check "direct: A's version runs (probe 2)" [ "$(probe)" = 2 ]

# B stacked while a kthread sleeps in A's version: B's transition stays
# open, its function on the handler, A's superseded; direct after.
echo blocknew >/proc/cons_target
check "direct: the kthread sleeps inside A's new function" \
	wait_for 50 counter_is blocked 1
insmod ./cons_patch_b.ko
check "direct: B's transition is held" wait_for 150 is $B pending 1
check "direct: B's function is on the handler during its transition" \
	mode_like $B "^handler: in transition"
check "direct: A's function is superseded" mode_is $A superseded
check "direct: new tasks run B's version during the transition (probe 3)" \
	[ "$(probe)" = 3 ]
echo release >/proc/cons_target
check "direct: B's transition completes" wait_for 150 is $B transition 0
check "direct: B's function is called directly after" mode_is $B direct
check "direct: B's version runs (probe 3)" [ "$(probe)" = 3 ]

# The parameter turns the fast path off and on.
echo 0 >$PARAM
check "direct: direct=0 takes it back to the handler" \
	mode_like $B "^handler: turned off"
check "direct: ... B's version still runs (probe 3)" [ "$(probe)" = 3 ]
echo 1 >$PARAM
check "direct: direct=1 makes it direct again" mode_is $B direct

# Function tracer and a kprobe on the direct-called function.
T=/sys/kernel/tracing
mount -t tracefs nodev $T 2>/dev/null
if [ -w $T/set_ftrace_filter ]; then
	echo cons_target_probe >$T/set_ftrace_filter
	echo function >$T/current_tracer
	check "direct: under the function tracer B's version runs" \
		[ "$(probe)" = 3 ]
	check "direct: ... and the tracer sees the call" \
		grep -q cons_target_probe $T/trace
	check "direct: ... the site stays direct" [ "$(pmode $B)" = direct ]
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_filter
	check "direct: a kprobe on it is set" sh -c \
		"echo 'p:suture_kp cons_target_probe' >$T/kprobe_events &&
		echo 1 >$T/events/kprobes/suture_kp/enable"
	check "direct: with a kprobe on it B's version runs" [ "$(probe)" = 3 ]
	check "direct: ... and the kprobe fires" \
		sh -c "awk '/suture_kp/ && \$2 > 0 { f = 1 } END { exit !f }' $T/kprobe_profile"
	echo 0 >$T/events/kprobes/suture_kp/enable
	echo >$T/kprobe_events
	check "direct: after tracer and kprobe B's version runs" \
		[ "$(probe)" = 3 ]
else
	fail "direct: tracefs is available in the VM"
fi

# Switch cycles while user tasks call the function: every call sees B.
bad=/tmp/direct-bad
: >$bad
reader() {
	while [ ! -e /tmp/direct-stop ]; do
		v=$(cat /proc/cons_target_probe)
		[ "$v" = 3 ] || echo "$v" >>$bad
	done
}
reader &
r1=$!
reader &
r2=$!
i=0
while [ $i -lt 20 ]; do
	echo 0 >$PARAM
	echo 1 >$PARAM
	i=$((i + 1))
done
touch /tmp/direct-stop
wait $r1 $r2
check "direct: 20 switch cycles under callers lose no call of B's version" \
	[ ! -s $bad ]
check "direct: after the cycles the site is direct" mode_is $B direct

# Disable B: back to the handler for the transition, A direct after.
echo 0 >"$SYS/$B/enabled"
check "direct: unpatching B completes" wait_for 150 is $B transition 0
check "direct: A's function is direct again" mode_is $A direct
check "direct: A's version runs (probe 2)" [ "$(probe)" = 2 ]
check "direct: B's function says none" mode_is $B none
rmmod $B

# Force: a disable of A held by the kthread in A's version, forced.
echo blocknew >/proc/cons_target
wait_for 50 counter_is blocked 1 || fail "direct: the kthread blocks again"
echo 0 >"$SYS/$A/enabled"
check "direct: A's disable is held" wait_for 150 is $A pending 1
check "direct: during it A's function is on the handler" \
	mode_like $A "^handler: in transition"
echo 1 >"$SYS/$A/force"
check "direct: the forced disable completes" wait_for 100 is $A transition 0
check "direct: the original runs (probe 1)" [ "$(probe)" = 1 ]
echo release >/proc/cons_target
finish
