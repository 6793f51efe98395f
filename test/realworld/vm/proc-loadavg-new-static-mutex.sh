# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=proc_loadavg_new_static_mutex
rw_load $M
rw_patched $M vmlinux loadavg_proc_show,1
for _ in 1 2 3; do
	cat /proc/loadavg >/dev/null &
	cat /proc/loadavg >/dev/null &
	grep -q '/' /proc/loadavg || fail "/proc/loadavg while patched"
done
wait
n=$(dmesg | grep -c 'loadavg: read by')
[ "$n" = 1 ] || fail "the ratelimited message was printed $n times"
rw_unload $M
grep -q '/' /proc/loadavg || fail "/proc/loadavg after unloading"
