# SPDX-License-Identifier: GPL-2.0
# Scenario: a reboot.  suture-state.tar.gz is /var/lib/suture as the
# install-boot scenario's VM left it; this fresh boot restores it (the
# disk) and runs the boot unit's ExecStart the way systemd does.
. ./lib.sh

tar -C /var/lib -xzf suture-state.tar.gz
mkdir -p /usr/lib/suture
cp suture-boot /usr/lib/suture/suture-boot
chmod 755 /usr/lib/suture/suture-boot
exec_start=$(sed -n 's/^ExecStart=//p' suture.service)

! module_loaded suture && [ -f "$STATE/$REL/cli_a.ko" ]
verdict "reboot: fresh kernel, installed patches still on disk"

# shellcheck disable=SC2086 # ExecStart may carry arguments
run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $exec_start
rc_is 0 && stack_is "cli_b cli_a " && cmdline_is suture-cli-a &&
	! module_loaded cli_badrel && out_has '2 applied, 0 failed'
verdict "reboot: the boot unit re-applies the installed patches in install order, this release only"

run livepatch list
rc_is 0 && out_has '^cli_b +enabled .* yes \(1\)' && out_has '^cli_a +enabled .* yes \(2\)'
verdict "reboot: list shows them enabled and installed"

livepatch -q unload --all
no_patches
verdict "reboot: unload --all cleans up"
echo "#done reboot"
