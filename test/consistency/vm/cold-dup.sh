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
nsyms() { grep -c " $1\s" /proc/kallsyms; }
check "cold-dup: two cons_dup_fn" [ "$(nsyms cons_dup_fn)" = 2 ]
# Built against some kernels (6.12: not one flag alone; its headers) gcc makes
# no cold part: the kthread then sleeps in cons_dup_fn itself, and the
# cold-part checks are skipped (as in cold.sh).
where=cons_dup_fn.cold
if [ "$(nsyms cons_dup_fn.cold)" = 1 ]; then
	ok "cold-dup: one cons_dup_fn.cold"
else
	ok "cold-dup: one cons_dup_fn.cold # SKIP gcc made none with the flags of $KREL"
	where=cons_dup_fn
fi
echo block >/proc/cons_dup
check "cold-dup: the kthread sleeps ($where)" wait_for 50 dup_blocked
insmod ./$P.ko
sleep 2
check "cold-dup: the transition stays open while it sleeps there" \
	is $P transition 1
check "cold-dup: blocking names where it sleeps ($where)" \
	grep -q "cons_dup $where+0x" "$SYS/$P/blocking"
attr $P blocking | sed 's/^/# blocking: /'
echo release >/proc/cons_dup
check "cold-dup: completes once the kthread left" \
	wait_for 150 is $P transition 0
check "cold-dup: enabled" is $P enabled 1
unload_patch $P
rmmod cons_dup
finish
