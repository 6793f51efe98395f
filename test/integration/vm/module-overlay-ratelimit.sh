# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A patched pr_warn_ratelimited in ovl_lookup (module overlay): a directory
# renamed under redirect_dir=on carries a redirect xattr; mounted again with
# redirect_dir=nofollow, each lookup of it is refused with the warning.
# Patched, 40 lookups print the patched warning at least once and at most
# the ratelimit burst (10) times: the ratelimit state keeps working.
o=/tmp/ovl
mkdir -p $o/lower/dir $o/upper $o/work $o/m
modprobe overlay || fail "modprobe overlay"
opts="lowerdir=$o/lower,upperdir=$o/upper,workdir=$o/work"
mount -t overlay -o "$opts,redirect_dir=on" none $o/m || fail "mount (redirect_dir=on)"
mv $o/m/dir $o/m/moved || fail "rename a lower directory"
umount $o/m
mount -t overlay -o "$opts,redirect_dir=nofollow" none $o/m ||
	fail "mount (redirect_dir=nofollow)"
# lookups END: 40 lookups (each refused); prints how many warnings ending
# in END came (END: a regex, the stock or the patched warning's end)
lookups() {
	dmesg -c >/dev/null
	i=0
	while [ $i -lt 40 ]; do
		ls $o/m/moved >/dev/null 2>&1
		i=$((i + 1))
	done
	dmesg | grep -c "refusing to follow redirect for ([^)]*moved)$1"
}
# at least one, at most the burst of DEFINE_RATELIMIT_STATE's default
in_burst() { [ "$1" -ge 1 ] && [ "$1" -le 10 ]; }
stock='$'
patched=' (suture)$'
sleep 6 # a fresh ratelimit interval
n=$(lookups "$stock")
in_burst "$n" || fail "stock: $n warnings from 40 lookups"
lp_load module_overlay_ratelimit || fail "load"
sleep 6
n=$(lookups "$patched")
in_burst "$n" ||
	fail "patched: $n patched warnings from 40 lookups (ratelimit burst 10)"
dmesg | grep -q "refusing to follow redirect for ([^)]*moved)$stock" &&
	fail "patched: the stock warning still printed"
lp_unload module_overlay_ratelimit || fail "unload"
sleep 6
n=$(lookups "$stock")
in_burst "$n" || fail "after unload: $n warnings"
umount $o/m
rmmod overlay
