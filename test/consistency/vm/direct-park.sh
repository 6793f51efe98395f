#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# A task parked inside a direct-call trampoline slot while a new
# transition touches the function.  cons_park.ko puts a kprobe on the jmp
# of the slot that cons_target_probe's site calls (A's version, direct)
# and sends the next reader there to spin with involuntary switches only,
# as a task preempted between the slot's two instructions: the return
# address into the old function already dropped, the new function not yet
# entered.  Stacking B then: insmod returns at once and sysfs and the CLI
# answer (nothing waits with suture_mutex held); B's transition switches
# no task while the slot may be in use (the reader stays unswitched: it
# is listed in "blocking"); released, the reader runs A's version, the one
# of its state; then B's transition ends, direct.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
A=cons_patch_a
B=cons_patch_b

park_in_slot direct-park $A
pp=$PARKED

insmod ./$B.ko
check "direct-park: B loads while the reader is parked" [ -d "$SYS/$B" ]
check "direct-park: B's transition is open" is $B transition 1
check "direct-park: B's cons_target_probe is on the handler" \
	sh -c "cat $SYS/$B/cons_target/cons_target_probe,*/mode | grep -q '^handler: in transition'"
check "direct-park: sysfs answers while the slot drains" \
	timeout 10 cat "$SYS/$B/pending"
check "direct-park: a write that takes suture_mutex returns (parameter direct)" \
	timeout 10 sh -c "echo 1 >/sys/module/suture/parameters/direct"
check "direct-park: a module loads (suture's notifier takes suture_mutex)" \
	timeout 20 insmod ./cons_late.ko
rmmod cons_late 2>/dev/null
check "direct-park: a new reader runs B's version (3)" [ "$(probe)" = 3 ]
sleep 3
check "direct-park: the reader is still parked" parked
check "direct-park: B's transition stays open while it is" \
	is $B transition 1
ppid=$(sed -n 's/^pid //p' /proc/cons_park)
check "direct-park: the parked task is the reader" [ "$ppid" = "$pp" ]
check "direct-park: the parked reader is not switched (listed in blocking)" \
	grep -q "^$pp " "$SYS/$B/blocking"

echo release >/proc/cons_park
wait $pp
check "direct-park: the released reader ran A's version, its state's (2)" \
	[ "$(cat /tmp/parked-out)" = 2 ]
check "direct-park: B's transition completes" wait_for 300 is $B transition 0
check "direct-park: B's cons_target_probe is called directly after" \
	[ "$(pmode $B)" = direct ]
check "direct-park: B's version runs (3)" [ "$(probe)" = 3 ]
rmmod cons_park
unload_patch $B
unload_patch $A
check "direct-park: the original runs after both are removed (1)" \
	[ "$(probe)" = 1 ]
finish
