# SPDX-License-Identifier: GPL-2.0
# Scenario: every bad input is refused with a clear message and non-zero
# exit, and leaves the kernel unchanged.
. ./lib.sh

core=/usr/lib/suture/$REL/suture.ko
mv "$core" /tmp/suture.ko.away
run livepatch load cli_a.ko
rc_is 1 && out_has 'Suture core is not loaded' && out_has_text "$REL" &&
	! module_loaded cli_a && ! module_loaded suture && cmdline_orig
verdict "load without an installed core: clear error, nothing loaded"
mv /tmp/suture.ko.away "$core"

SUTURE_CORE=/nonexistent/suture.ko run livepatch load cli_a.ko
rc_is 1 && out_has 'SUTURE_CORE=/nonexistent/suture.ko' && ! module_loaded suture
verdict "load with a bad SUTURE_CORE: clear error"

run livepatch load missing.ko
rc_is 1 && out_has 'missing.ko: No such file'
verdict "load of a missing file fails clearly"

echo 'not a module' >junk.ko
run livepatch load junk.ko
rc_is 1 && out_has 'junk.ko: not a kernel module: not an ELF file'
verdict "load of a non-ELF file: not a kernel module"

run livepatch load /bin/busybox
rc_is 1 && out_has 'not a kernel module'
verdict "load of an executable: not a kernel module"

run livepatch load cli_victim.ko
rc_is 1 && out_has 'not a Suture patch module' && ! module_loaded cli_victim
verdict "load of an ordinary module: not a patch module, not loaded"

run livepatch load cli_badrel.ko
rc_is 1 && out_has_text "built for release 6.1.0-0-nonexistent, but the running kernel is $REL" &&
	! module_loaded cli_badrel
verdict "load of a patch for another release: refused, naming the expected release"

build=$(uname -v | sed -n 's/.*Debian \([^ ]*\).*/\1/p')
run livepatch load cli_badbuild.ko
rc_is 1 && out_has 'wrong kernel build' && out_has "running kernel is build \"$build\"" &&
	! module_loaded cli_badbuild
verdict "load of a patch for another build of the release: refused, naming the expected build"

livepatch -q load cli_a.ko >/dev/null 2>&1
run livepatch load cli_a.ko
rc_is 1 && out_has 'cli_a is already loaded' && stack_is "cli_a "
verdict "load of a patch already loaded is refused"

insmod cli_victim.ko
run livepatch unload cli_victim
rc_is 1 && out_has 'not a Suture patch' && module_loaded cli_victim
verdict "unload of a module that is not a patch is refused"
rmmod cli_victim

run livepatch unload nosuch
rc_is 1 && out_has 'nosuch is not loaded'
verdict "unload of an unknown name fails clearly"

run livepatch info nosuch
rc_is 1 && out_has 'neither loaded nor installed'
verdict "info of an unknown name fails clearly"

run livepatch load cli_a.ko --model fast
rc_is 2 && out_has 'unknown model'
verdict "load --model with an unknown model is a usage error"

livepatch -q unload --all >/dev/null 2>&1
no_patches && cmdline_orig
verdict "the kernel is unchanged after the bad inputs"
echo "#done bad-input"
