# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=ipv4_tcp_min_mss
ip link set lo up || fail "ip link set lo up"
rw_load $M
rw_patched $M vmlinux tcp_parse_options,1
nc -l -p 5555 >/tmp/tcp.out &
sleep 0.5
echo hello | nc -w 2 127.0.0.1 5555
wait
[ "$(cat /tmp/tcp.out)" = hello ] || fail "TCP over lo while patched: '$(cat /tmp/tcp.out)'"
rw_unload $M
