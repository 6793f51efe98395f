# SPDX-License-Identifier: GPL-2.0
# Scenario: the maintainer scripts of fix packages built by build-fix-deb,
# run as dpkg runs them (files unpacked first; DPKG_MAINTSCRIPT_PACKAGE
# set; postinst configure; prerm remove / upgrade).  fix-a/, fix-other/
# and fix-badbuild/ are `dpkg-deb -R` trees of the packages for cli_a.ko
# (this release), cli_badrel.ko (another release) and cli_badbuild.ko
# (this release, another Debian build).
. ./lib.sh
# shellcheck disable=SC1091 # written by test/cli/run
[ ! -f env.sh ] || . ./env.sh

LIVEPATCH=$(command -v livepatch)
export LIVEPATCH

unpack() {
	cp -a "$1"/usr/. /usr/
}

# maint TREE SCRIPT ARGS...: run a maintainer script as dpkg does
maint() {
	tree=$1
	script=$2
	shift 2
	DPKG_MAINTSCRIPT_PACKAGE=$(sed -n 's/^Package: //p' "$tree/DEBIAN/control") \
		run sh "$tree/DEBIAN/$script" "$@"
}

unpack fix-a
maint fix-a postinst configure
rc_is 0 && module_loaded cli_a && cmdline_is suture-cli-a &&
	[ -f "$STATE/$REL/cli_a.ko" ] && grep -qx cli_a "$STATE/$REL/order"
verdict "fix .deb postinst configure: installs the patch for boot and applies it now"

unpack fix-other
maint fix-other postinst configure
rc_is 0 && out_has 'not running 6.1.0-0-nonexistent' &&
	[ -f "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ] && ! module_loaded cli_badrel
verdict "fix .deb for another release: installed for that release's boot, not loaded"

maint fix-a postinst configure
rc_is 0 && out_has 'already loaded' && stack_is "cli_a "
verdict "fix .deb postinst when the patch is already loaded: exit 0, no reload"

maint fix-a postinst configure 0.9
rc_is 0 && out_has 'WARNING: the running kernel keeps the version of cli_a loaded before this upgrade' &&
	out_has 'livepatch unload cli_a && livepatch load' && stack_is "cli_a "
verdict "fix .deb postinst on upgrade: says the old version stays live until the next boot, and how to switch now"

maint fix-a prerm upgrade 2
rc_is 0 && module_loaded cli_a && [ -f "$STATE/$REL/cli_a.ko" ]
verdict "fix .deb prerm upgrade keeps the patch loaded and installed"

livepatch -q load cli_b.ko
maint fix-a prerm remove
rc_is nz && out_has 'out of order' && out_has 'package kept' &&
	module_loaded cli_a && [ -f "$STATE/$REL/cli_a.ko" ]
verdict "fix .deb prerm remove under another patch fails and keeps everything"
livepatch -q unload cli_b

maint fix-a prerm remove
rc_is 0 && ! module_loaded cli_a && [ ! -e "$STATE/$REL/cli_a.ko" ] && cmdline_orig
verdict "fix .deb prerm remove: unloads and uninstalls the patch"

maint fix-other prerm remove
rc_is 0 && [ ! -e "$STATE/6.1.0-0-nonexistent/cli_badrel.ko" ]
verdict "fix .deb prerm remove for another release: uninstalls it"

# The running release, another Debian build: stored with a warning, the
# package configures (dpkg must not be left half-configured), and both
# apt's output and `livepatch list` say the fix is NOT applied.
unpack fix-badbuild
maint fix-badbuild postinst configure
rc_is 0 && out_has 'wrong kernel build' &&
	out_has 'WARNING: cli_badbuild is installed but NOT applied to the running kernel' &&
	[ -f "$STATE/$REL/cli_badbuild.ko" ] && ! module_loaded cli_badbuild
verdict "fix .deb for another build of the running release: configured, stored, warned: NOT applied"
run livepatch list
rc_is 0 && out_has '^cli_badbuild .*installed.*\[NOT APPLIED\]' &&
	out_has '1 installed patch is NOT APPLIED to the running kernel'
verdict "livepatch list marks an installed fix that is not live: NOT APPLIED"
run livepatch list --json
rc_is 0 && out_has '"name":"cli_badbuild","state":"installed","loaded":false,"installed":true,"install_order":[0-9]+,"applied":false'
verdict "livepatch list --json: applied false for an installed fix that is not live"
maint fix-badbuild prerm remove
rc_is 0 && [ ! -e "$STATE/$REL/cli_badbuild.ko" ]
verdict "fix .deb prerm remove of a fix that was never applied: uninstalls it"

# The core is busy with another patch's transition: the fix's load waits
# for it instead of failing.
if [ "${STUCK:-run}" != skip ]; then
	insmod cli_victim.ko
	livepatch load cli_stuck.ko --timeout 4 >stuck.out 2>&1 &
	pid=$!
	i=0
	while [ ! -d "$SYSFS/cli_stuck" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	maint fix-a postinst configure
	wait $pid
	rc_is 0 && out_has 'waiting for the open transition of patch cli_stuck' &&
		module_loaded cli_a && ! module_loaded cli_stuck
	verdict "fix .deb postinst while another transition is open: waits for it, then applies"
	maint fix-a prerm remove
	rmmod cli_victim
fi

no_patches
verdict "fix-deb leaves nothing loaded"
echo "#done fix-deb"
