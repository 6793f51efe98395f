# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=ipv4_tcp_min_mss
ip link set lo up || fail "ip link set lo up"
rw_load $M
rw_patched $M vmlinux tcp_parse_options,1
# the listener's stdin stays open: busybox nc would close its sending half
# at its EOF, and the client quit before sending (refuse-static-key-unexported)
sleep 30 | nc -l -p 5555 >/tmp/tcp.out &
srv=$!
sleep 0.5
echo hello | nc -w 2 127.0.0.1 5555
wait "$srv"
[ "$(cat /tmp/tcp.out)" = hello ] || fail "TCP over lo while patched: '$(cat /tmp/tcp.out)'"
rw_unload $M
