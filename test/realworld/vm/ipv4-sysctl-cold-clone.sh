# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=ipv4_sysctl_cold_clone
F=/proc/sys/net/ipv4/ip_local_port_range
old=$(cat $F)
echo "40000 40003" >$F || fail "unpatched: a 4-port range is refused"
echo "$old" >$F
rw_load $M
rw_patched $M vmlinux ipv4_local_port_range,1
if echo "40000 40003" >$F; then
	echo "$old" >$F
	fail "patched: a 4-port range is accepted"
fi
echo "40000 40100" >$F || fail "patched: a 101-port range is refused"
echo "$old" >$F
rw_unload $M
echo "40000 40003" >$F || fail "unloaded: a 4-port range is refused"
echo "$old" >$F
