# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=ipv4_bind_static_key
rw_expect "unpatched, bind(AF_UNSPEC)" ok ./rwtool bind-unspec
rw_load $M
# 6.12: inet_bind is a wrapper of inet_bind_sk, which has the check
case $(uname -r) in
6.1.*) rw_patched $M vmlinux inet_bind,1 ;;
*) rw_patched $M vmlinux inet_bind_sk,1 ;;
esac
rw_expect "patched, bind(AF_UNSPEC)" EINVAL ./rwtool bind-unspec
ping -c 1 -W 2 127.0.0.1 >/dev/null 2>&1 || true
rw_unload $M
rw_expect "unloaded, bind(AF_UNSPEC)" ok ./rwtool bind-unspec
