# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# a new pr_warn_once fires once while patched (.data.once), not before
M=kernel_sys_warn_once
old=$(hostname)
rw_expect "unpatched, empty host name" ok ./rwtool sethostname ""
rw_load $M
rw_patched $M vmlinux __x64_sys_sethostname,1
rw_expect "patched, empty host name" ok ./rwtool sethostname ""
rw_expect "patched, empty host name again" ok ./rwtool sethostname ""
rw_expect "patched, host name" ok ./rwtool sethostname rwtest
[ "$(hostname)" = rwtest ] || fail "host name not set while patched"
n=$(dmesg | grep -c 'rwtool\[[0-9]*\]: setting an empty host name')
[ "$n" = 1 ] || fail "pr_warn_once printed $n times"
rw_unload $M
./rwtool sethostname "$old" >/dev/null
