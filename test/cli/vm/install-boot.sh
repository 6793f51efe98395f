# SPDX-License-Identifier: GPL-2.0
# Scenario: install / uninstall, and the boot unit's script re-applying the
# installed patches (run the way suture.service runs it), in order, for the
# running release only, continuing past a failure.  Leaves a state for the
# reboot scenario: "#state <hex of a tar.gz of /var/lib/suture>" (hex, so
# that nothing on the console looks like a kernel error to test/vm/run).
. ./lib.sh

# suture-boot where the package installs it; the unit's ExecStart line.
mkdir -p /usr/lib/suture
cp suture-boot /usr/lib/suture/suture-boot
chmod 755 /usr/lib/suture/suture-boot
exec_start=$(sed -n 's/^ExecStart=//p' suture.service)
boot() {
	# shellcheck disable=SC2086 # ExecStart may carry arguments
	run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $exec_start
}

run livepatch install cli_a.ko
rc_is 0 && cmp -s cli_a.ko "$STATE/$REL/cli_a.ko" &&
	[ "$(cat "$STATE/$REL/order")" = cli_a ] && ! module_loaded cli_a
verdict "install keeps the module in /var/lib/suture/RELEASE/ without loading it"

livepatch -q install cli_b.ko
run livepatch install cli_a.ko
rc_is 0 && out_has 'replacing' &&
	[ "$(tr '\n' ' ' <"$STATE/$REL/order")" = "cli_a cli_b " ]
verdict "install records the boot order; reinstalling keeps it"

run livepatch install cli_badrel.ko
rc_is 1 && out_has 'wrong kernel' && out_has_text --other-kernel &&
	[ ! -e "$STATE/6.1.0-0-nonexistent" ]
verdict "install of a patch for another release is refused by default"

run livepatch install --other-kernel cli_badrel.ko
rc_is 0 && [ -f "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ]
verdict "install --other-kernel stores it under its own release"

run livepatch install cli_victim.ko
rc_is 1 && out_has 'not a Suture patch module' && [ ! -e "$STATE/$REL/cli_victim.ko" ]
verdict "install of an ordinary module is refused"

run livepatch install cli_badbuild.ko
rc_is 1 && out_has 'wrong kernel build' && [ ! -e "$STATE/$REL/cli_badbuild.ko" ]
verdict "install of a patch for another build is refused"

run livepatch list
rc_is 0 && out_has '^cli_a +installed +- +- +yes \(1\)' &&
	out_has '^cli_b +installed +- +- +yes \(2\)'
verdict "list shows installed patches with their boot order"
emit_json list-installed "$(livepatch list --json)"

run livepatch info cli_b
rc_is 0 && out_has '^state: +installed' && out_has 'matches the running kernel'
verdict "info of an installed patch reads the installed module"

boot
rc_is 0 && stack_is "cli_a cli_b " && cmdline_is suture-cli-b &&
	! module_loaded cli_badrel && out_has '2 applied, 0 failed'
verdict "boot script (as ExecStart runs it) applies the release's installed patches in order"

run livepatch list
rc_is 0 && out_has '^cli_a +enabled +per-task +1 +yes \(1\)'
verdict "list shows a loaded patch that is also installed once"

boot
rc_is 0 && out_has 'cli_a: already loaded, skipped' && stack_is "cli_a cli_b "
verdict "boot script run again skips loaded patches"

livepatch -q unload --all
cp cli_badbuild.ko "$STATE/$REL/cli_badbuild.ko"
printf 'cli_a\ncli_badbuild\ncli_b\n' >"$STATE/$REL/order"
boot
rc_is nz && out_has 'cli_badbuild: FAILED' && stack_is "cli_a cli_b "
verdict "boot script continues past a failing patch and exits non-zero"
rm "$STATE/$REL/cli_badbuild.ko"
printf 'cli_a\ncli_b\n' >"$STATE/$REL/order"

run livepatch uninstall cli_b
rc_is 0 && [ ! -e "$STATE/$REL/cli_b.ko" ] && [ "$(cat "$STATE/$REL/order")" = cli_a ] &&
	module_loaded cli_b && out_has 'stays loaded'
verdict "uninstall removes it from boot but leaves it loaded"

run livepatch uninstall cli_b
rc_is 1 && out_has 'cli_b is not installed'
verdict "uninstall of a patch that is not installed fails clearly"

run livepatch uninstall --unload cli_a
rc_is 1 && out_has 'out of order' && [ -f "$STATE/$REL/cli_a.ko" ] && module_loaded cli_a
verdict "uninstall --unload under another patch fails and keeps it installed"

livepatch -q unload cli_b
run livepatch uninstall --unload cli_a
rc_is 0 && ! module_loaded cli_a && [ ! -e "$STATE/$REL/cli_a.ko" ]
verdict "uninstall --unload unloads and uninstalls"

run livepatch uninstall --release 6.1.0-0-nonexistent cli_badrel
rc_is 0 && [ ! -e "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ]
verdict "uninstall --release removes a patch installed for another release"

# State for the reboot scenario: b before a, plus one for another release.
livepatch -q install cli_b.ko
livepatch -q install cli_a.ko
livepatch -q install --other-kernel cli_badrel.ko
no_patches
verdict "install-boot leaves nothing loaded"
echo "#state $(tar -C /var/lib -cz suture | od -An -v -tx1 | tr -d ' \n')"
echo "#done install-boot"
