# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Callbacks declared with KPATCH_{PRE,POST}_{PATCH,UNPATCH}_CALLBACK run,
# in order, for vmlinux.
dmesg -c >/dev/null
lp_load callbacks_pre_post || fail "load"
grep -q ' callbacks$' /proc/cmdline || fail "patched function not live"
lp_unload callbacks_pre_post || fail "unload"
order=$(dmesg | sed -n 's/.*suture-test: \([a-z_]*\) vmlinux.*/\1/p' |
	tr '\n' ' ')
[ "$order" = "pre_patch post_patch pre_unpatch post_unpatch " ] ||
	fail "callbacks ran: '$order'"
