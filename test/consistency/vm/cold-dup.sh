#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two local functions named cons_dup_fn; only the second (sympos 2) has a
# cold part, the only cons_dup_fn.cold (position 1 among those).  A kthread
# sleeping in that cold part must hold a patch of cons_dup_fn,2: the cold
# part that belongs to a function is the one its code branches into, not
# the one at the function's own sympos (none there: the check missed it).
# shellcheck disable=SC2317  # functions called through check/wait_for
set -u
# shellcheck source=lib.sh
. ./lib.sh
setup
P=cons_patch_dup
insmod ./cons_dup.ko || fail "cold-dup: cons_dup loads"
dup_blocked() { grep -q "^blocked 1" /proc/cons_dup; }
check "cold-dup: two cons_dup_fn, one cons_dup_fn.cold" \
	sh -c "[ \$(grep -c ' cons_dup_fn\s' /proc/kallsyms) = 2 ] && [ \$(grep -c ' cons_dup_fn.cold\s' /proc/kallsyms) = 1 ]"
echo block >/proc/cons_dup
check "cold-dup: the kthread sleeps in the cold part" wait_for 50 dup_blocked
insmod ./$P.ko
sleep 2
check "cold-dup: the transition stays open while it sleeps there" \
	is $P transition 1
check "cold-dup: blocking names the cold part" \
	grep -q "cons_dup cons_dup_fn.cold+0x" "$SYS/$P/blocking"
attr $P blocking | sed 's/^/# blocking: /'
echo release >/proc/cons_dup
check "cold-dup: completes once the kthread left" \
	wait_for 150 is $P transition 0
check "cold-dup: enabled" is $P enabled 1
unload_patch $P
rmmod cons_dup
finish
