# SPDX-License-Identifier: GPL-2.0
# Scenario (booted with module.sig_enforce=1): the kernel loads only
# modules signed by a key it trusts.  `livepatch load` loads suture.ko on
# demand, so the core is what the kernel refuses first: load says so
# before trying (not signed, or signed), and shows the kernel's own
# refusal line after.  signed/ holds copies signed with a throwaway key:
# they show as signed and are still refused, because that key is not in
# the kernel's keyring (Debian's kernel trusts only its built-in keys and
# enrolled Machine Owner Keys; enrolling one needs shim's MOK manager at
# boot, which the VM does not have).
. ./lib.sh

grep -qx Y /sys/module/module/parameters/sig_enforce &&
	grep -q 'module.sig_enforce=1' /proc/cmdline
verdict "sig-enforce: the VM kernel enforces module signatures (module.sig_enforce=1)"

run livepatch load cli_a.ko
rc_is 1 &&
	out_has 'the Suture core is not signed, and this kernel only loads modules signed by a key it trusts \(module.sig_enforce=1' &&
	out_has 'sign suture.ko' && out_has 'mokutil --import' &&
	out_has 'kernel: Loading of unsigned module is rejected' &&
	! module_loaded suture && ! module_loaded cli_a
verdict "sig-enforce: an unsigned suture.ko is refused; load explains why and shows the kernel's line"

SUTURE_CORE=signed/suture.ko run livepatch load cli_a.ko
rc_is 1 && out_has 'the Suture core is signed \(PKCS#7, [0-9]+ bytes\)' &&
	out_has 'kernel: Loading of module with unavailable key is rejected' &&
	! module_loaded suture && ! module_loaded cli_a
verdict "sig-enforce: a suture.ko signed with a throwaway key shows as signed and is refused (key not in the kernel's keyring; enrolling one is not possible in the VM)"

run livepatch info signed/cli_a.ko
rc_is 0 && out_has '^signature:  PKCS#7, [0-9]+ bytes$'
verdict "sig-enforce: info shows a signed patch module's signature"
run livepatch info cli_a.ko
rc_is 0 && out_has '^signature:  none$'
verdict "sig-enforce: info shows an unsigned patch module as such"
echo "#done sig-enforce-boot"
