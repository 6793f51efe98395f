# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=net_core_setsockopt_bounds_check
rw_expect "unpatched, SO_RCVLOWAT above the buffer" ok ./rwtool rcvlowat 100000000
rw_load $M
rw_patched $M vmlinux sk_setsockopt,1
rw_expect "patched, SO_RCVLOWAT above the buffer" EINVAL ./rwtool rcvlowat 100000000
rw_expect "patched, SO_RCVLOWAT small" ok ./rwtool rcvlowat 100
rw_unload $M
rw_expect "unloaded, SO_RCVLOWAT above the buffer" ok ./rwtool rcvlowat 100000000
