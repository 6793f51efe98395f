# SPDX-License-Identifier: GPL-2.0
# Scenario: with no /usr/lib/suture/RELEASE/suture.ko, `livepatch load`
# loads the core dkms built for the running release
# (/lib/modules/RELEASE/updates/dkms/suture.ko, the suture-dkms package).
. ./lib.sh

core=/usr/lib/suture/$REL/suture.ko
mods=/lib/modules/$REL
# a writable layer over the read-only module tree, as dkms would write it
modprobe overlay
mkdir -p /tmp/ov/upper /tmp/ov/work /tmp/ov/merged
mount -t overlay overlay \
	-o "lowerdir=$mods,upperdir=/tmp/ov/upper,workdir=/tmp/ov/work" \
	/tmp/ov/merged && mount --bind /tmp/ov/merged "$mods"
mkdir -p "$mods/updates/dkms"
mv "$core" "$mods/updates/dkms/suture.ko"
run livepatch load cli_a.ko
# the core must have come from the dkms path: the packaged one is gone
# (the overlay took the move) and the dkms one is there
rc_is 0 && out_has 'cli_a: applied' && module_loaded suture &&
	cmdline_is suture-cli-a && [ ! -e "$core" ] &&
	[ -f "$mods/updates/dkms/suture.ko" ]
verdict "load finds the core dkms installed for the running release"
livepatch -q unload --all >/dev/null 2>&1
no_patches && cmdline_orig
verdict "the dkms-loaded core unloads the patch"
echo "#done dkms-core"
