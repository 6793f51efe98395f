# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Two patches stacked (each changes a different file), then a cumulative
# patch built with --replace takes both over in one transition.
lp_load stack_a || fail "load stack_a"
lp_load stack_b || fail "load stack_b"
grep -q ' stack_a$' /proc/cmdline || fail "stack_a not live"
grep -q ' stack_b$' /proc/version || fail "stack_b not live"
lp_load stack_replace || fail "load stack_replace (--replace)"
# (the kernel's livepatch has no "replace" attribute on 6.1: the
# replaced patches' state below shows it there)
if [ "${SUTURE_FORMAT:-suture}" != klp ] ||
	[ -f "$SYSFS/stack_replace/replace" ]; then
	[ "$(cat "$SYSFS/stack_replace/replace")" = 1 ] ||
		fail "stack_replace is not marked replace in sysfs"
fi
grep -q ' cumulative$' /proc/cmdline || fail "cumulative cmdline not live"
grep -q ' cumulative$' /proc/version || fail "cumulative version not live"
! grep -q stack_ /proc/cmdline /proc/version ||
	fail "a replaced patch is still live"
for n in stack_a stack_b; do
	if [ -f "$SYSFS/$n/enabled" ]; then
		[ "$(cat "$SYSFS/$n/enabled")" = 0 ] || fail "$n still enabled"
	fi
done
lp_unload stack_replace || fail "unload stack_replace"
! grep -q 'cumulative\|stack_' /proc/cmdline /proc/version ||
	fail "effects left after unloading everything"
