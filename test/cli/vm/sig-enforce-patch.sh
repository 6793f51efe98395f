# SPDX-License-Identifier: GPL-2.0
# Scenario: lockdown (integrity, what Secure Boot sets) and then signature
# enforcement switched on at run time (both only go up) after the
# unsigned core was loaded: now the patch module itself is what the
# kernel refuses.  Also: who may
# read what in /sys/kernel/suture (blocking and result name other users'
# tasks and their kernel stacks: root only, like /proc/PID/stack).
# signed/ holds copies signed with a throwaway key that the kernel does
# not trust (see sig-enforce-boot.sh).
. ./lib.sh

insmod "/usr/lib/suture/$REL/suture.ko"
run livepatch load cli_a.ko
rc_is 0 &&
	[ "$(stat -c %a "$SYSFS/cli_a/blocking")" = 400 ] &&
	[ "$(stat -c %a "$SYSFS/cli_a/result")" = 400 ] &&
	[ "$(stat -c %a "$SYSFS/cli_a/enabled")" = 644 ] &&
	[ "$(stat -c %a "$SYSFS/stack")" = 444 ] && stack_is "cli_a "
verdict "sysfs: blocking and result are root-only (0400), stack is world-readable"
run livepatch unload cli_a
rc_is 0
verdict "sig-enforce: unload before enforcing"

echo integrity >/sys/kernel/security/lockdown
grep -q '\[integrity\]' /sys/kernel/security/lockdown
verdict "lockdown: the VM kernel is in lockdown integrity mode"
run livepatch load cli_b.ko
rc_is 1 &&
	out_has 'the patch module is not signed, and this kernel only loads modules signed by a key it trusts \(lockdown=integrity' &&
	out_has 'mokutil --import' &&
	out_has 'kernel: Lockdown: .*unsigned module loading is restricted' &&
	! module_loaded cli_b && no_patches
verdict "lockdown: an unsigned patch module is refused; load explains why and shows the kernel's Lockdown: line"

echo 1 >/sys/module/module/parameters/sig_enforce
run livepatch load cli_b.ko
rc_is 1 &&
	out_has 'the patch module is not signed, and this kernel only loads modules signed by a key it trusts \(module.sig_enforce=1 and lockdown=integrity\)' &&
	out_has 'sign-module' && out_has 'mokutil --import' &&
	out_has 'kernel: Loading of unsigned module is rejected' &&
	! module_loaded cli_b && no_patches
verdict "sig-enforce: an unsigned patch module is refused; load explains why and shows the kernel's line"

run livepatch load signed/cli_b.ko
rc_is 1 && out_has 'the patch module is signed \(PKCS#7, [0-9]+ bytes\)' &&
	out_has 'kernel: Loading of module with unavailable key is rejected' &&
	! module_loaded cli_b && no_patches
verdict "sig-enforce: a patch module signed with a throwaway key shows as signed and is refused (key not in the kernel's keyring; enrolling one is not possible in the VM)"
echo "#done sig-enforce-patch"
