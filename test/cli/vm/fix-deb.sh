# SPDX-License-Identifier: GPL-2.0
# Scenario: the maintainer scripts of fix packages built by build-fix-deb,
# run as dpkg runs them (files unpacked first; postinst configure;
# prerm remove / upgrade).  fix-a/ and fix-other/ are `dpkg-deb -R` trees
# of the packages for cli_a.ko (this release) and cli_badrel.ko (another).
. ./lib.sh

unpack() {
	cp -a "$1"/usr/. /usr/
}

unpack fix-a
run sh fix-a/DEBIAN/postinst configure
rc_is 0 && module_loaded cli_a && cmdline_is suture-cli-a &&
	[ -f "$STATE/$REL/cli_a.ko" ] && grep -qx cli_a "$STATE/$REL/order"
verdict "fix .deb postinst configure: installs the patch for boot and applies it now"

unpack fix-other
run sh fix-other/DEBIAN/postinst configure
rc_is 0 && out_has 'not running 6.1.0-0-nonexistent' &&
	[ -f "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ] && ! module_loaded cli_badrel
verdict "fix .deb for another release: installed for that release's boot, not loaded"

run sh fix-a/DEBIAN/postinst configure
rc_is 0 && out_has 'already loaded' && stack_is "cli_a "
verdict "fix .deb postinst when the patch is already loaded (upgrade): exit 0, no reload"

run sh fix-a/DEBIAN/prerm upgrade 2
rc_is 0 && module_loaded cli_a && [ -f "$STATE/$REL/cli_a.ko" ]
verdict "fix .deb prerm upgrade keeps the patch loaded and installed"

livepatch -q load cli_b.ko
run sh fix-a/DEBIAN/prerm remove
rc_is nz && out_has 'out of order' && out_has 'package kept' &&
	module_loaded cli_a && [ -f "$STATE/$REL/cli_a.ko" ]
verdict "fix .deb prerm remove under another patch fails and keeps everything"
livepatch -q unload cli_b

run sh fix-a/DEBIAN/prerm remove
rc_is 0 && ! module_loaded cli_a && [ ! -e "$STATE/$REL/cli_a.ko" ] && cmdline_orig
verdict "fix .deb prerm remove: unloads and uninstalls the patch"

run sh fix-other/DEBIAN/prerm remove
rc_is 0 && [ ! -e "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ]
verdict "fix .deb prerm remove for another release: uninstalls it"

no_patches
verdict "fix-deb leaves nothing loaded"
echo "#done fix-deb"
