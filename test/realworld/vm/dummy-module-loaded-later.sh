# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# the patch loads before its target module; the module gets patched when
# it loads, and can be removed and loaded again while patched
M=dummy_module_loaded_later
carrier_off() {
	ip link set dummy0 up || fail "ip link set dummy0 up"
	if echo 0 >/sys/class/net/dummy0/carrier 2>/dev/null; then
		echo ok
	else
		echo refused
	fi
}
modprobe dummy || fail "modprobe dummy"
rw_expect "unpatched, carrier off" ok carrier_off
rmmod dummy || fail "rmmod dummy"
rw_load $M
[ "$(rw_obj_loaded $M dummy)" = 0 ] || fail "dummy 'loaded' before it loads"
modprobe dummy || fail "modprobe dummy while patched"
[ "$(rw_obj_loaded $M dummy)" = 1 ] || fail "dummy not 'loaded'"
rw_patched $M dummy dummy_change_carrier,1
rw_expect "patched, carrier off" refused carrier_off
rmmod dummy || fail "rmmod dummy while patched"
[ "$(rw_obj_loaded $M dummy)" = 0 ] || fail "dummy still 'loaded'"
modprobe dummy || fail "modprobe dummy again"
rw_expect "patched, module reloaded, carrier off" refused carrier_off
rw_unload $M
rw_expect "unloaded, carrier off" ok carrier_off
rmmod dummy
