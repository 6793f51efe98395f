# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for the consistency scenarios, sourced inside the VM (busybox sh).
# The scenario's modules were added to the working directory by test/vm/run.

KREL=$(uname -r)
SYS=/sys/kernel/suture
FAILED=0

ok() { echo "ok - consistency: $*"; }
fail() {
	echo "not ok - consistency: $*"
	FAILED=$((FAILED + 1))
}

# check NAME CMD...: one TAP line from CMD's status
check() {
	_name=$1
	shift
	if "$@"; then ok "$_name"; else fail "$_name"; fi
}

# wait_for TENTHS CMD...: poll CMD every 0.1 s
wait_for() {
	_n=$1
	shift
	while [ "$_n" -gt 0 ]; do
		if "$@"; then return 0; fi
		usleep 100000
		_n=$((_n - 1))
	done
	return 1
}

# counter NAME: a value of /proc/cons_target
counter() { sed -n "s/^$1 //p" /proc/cons_target; }

# counter_is NAME VALUE / counter_gt NAME VALUE (for wait_for: re-read each time)
counter_is() { [ "$(counter "$1")" = "$2" ]; }
counter_gt() { [ "$(counter "$1")" -gt "$2" ]; }

probe() { cat /proc/cons_target_probe; }

attr() { cat "$SYS/$1/$2" 2>/dev/null; }

is() { [ "$(attr "$1" "$2")" = "$3" ]; }

setup() {
	insmod "/usr/lib/suture/$KREL/suture.ko" || { fail "suture.ko loads"; exit 1; }
	insmod ./cons_target.ko || { fail "cons_target.ko loads"; exit 1; }
}

# stop_on_rt: a scenario of the stop model's mechanism opts in to it on
# PREEMPT_RT, where suture.ko refuses the model by default (rt-stop.sh
# tests that refusal); a no-op elsewhere
stop_on_rt() {
	if uname -v | grep -q PREEMPT_RT; then
		echo 1 >/sys/module/suture/parameters/stop_on_preempt_rt
	fi
}

# unload_patch NAME: disable it if needed, wait, remove the module
unload_patch() {
	if [ -d "$SYS/$1" ]; then
		wait_for 300 is "$1" transition 0 || true
		if is "$1" enabled 1; then echo 0 >"$SYS/$1/enabled"; fi
		wait_for 300 is "$1" transition 0 || true
	fi
	rmmod "$1"
}

# pmode PATCH: the mode of PATCH's cons_target_probe (direct, handler: ...)
pmode() { cat "$SYS/$1"/cons_target/cons_target_probe,*/mode 2>/dev/null; }
# parked: cons_park holds a task inside a trampoline slot
parked() { grep -q "^parked 1" /proc/cons_park; }

# park_in_slot SCENARIO PATCH: apply PATCH, whose cons_target_probe must
# then be called directly, and park a reader of /proc/cons_target_probe
# in its trampoline slot (cons_park.ko; the reader's output goes to
# /tmp/parked-out).  Sets PARKED to the reader's pid; ends the scenario
# when cons_park cannot load.
park_in_slot() {
	insmod "./$2.ko"
	check "$1: $2 applies" wait_for 150 is "$2" transition 0
	check "$1: $2's cons_target_probe is called directly" \
		[ "$(pmode "$2")" = direct ]
	if ! insmod ./cons_park.ko; then
		fail "$1: cons_park finds $2's slot and probes its jmp"
		finish
	fi
	echo arm >/proc/cons_park
	cat /proc/cons_target_probe >/tmp/parked-out &
	# shellcheck disable=SC2034  # read by the scenarios
	PARKED=$!
	check "$1: a reader is parked in the slot" wait_for 100 parked
}

finish() {
	if dmesg | grep -q "suture.*WARN"; then fail "no suture warning in the log"; fi
	exit "$FAILED"
}
