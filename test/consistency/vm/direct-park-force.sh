#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions called through check/wait_for
# Forcing a transition that waits for a direct-call trampoline slot to
# drain (a reader parked in A's slot by cons_park, as in direct-park):
# the force ends it at once, without waiting for the slot; B runs for
# everyone but the parked reader, which, released, still runs A's version
# (what a forced transition allows, as with klp); B's function goes direct
# with its handler kept beside it until the grace period is over.  A
# forced patch's module stays: the scenario ends with both loaded.
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
A=cons_patch_a
B=cons_patch_b

park_in_slot direct-park-force $A
insmod ./$B.ko
check "direct-park-force: B's transition is open" is $B transition 1
sleep 2
check "direct-park-force: it stays open while the reader is parked" \
	is $B transition 1
echo 1 >"$SYS/$B/force"
check "direct-park-force: the force ends it" wait_for 100 is $B transition 0
check "direct-park-force: B is enabled" is $B enabled 1
check "direct-park-force: B says forced" is $B forced 1
check "direct-park-force: the reader is still parked" parked
check "direct-park-force: B's cons_target_probe is direct" \
	[ "$(pmode $B)" = direct ]
check "direct-park-force: a new reader runs B's version (3)" [ "$(probe)" = 3 ]
echo release >/proc/cons_park
wait "$PARKED"
check "direct-park-force: the released reader ran A's version (2)" \
	[ "$(cat /tmp/parked-out)" = 2 ]
check "direct-park-force: B's version runs after (3)" [ "$(probe)" = 3 ]
finish
