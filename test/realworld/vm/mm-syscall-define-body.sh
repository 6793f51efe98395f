# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=mm_syscall_define_body
rw_expect "unpatched, MCL_FUTURE|MCL_ONFAULT" ok ./rwtool mlockall-onfault
rw_load $M
rw_patched $M vmlinux __x64_sys_mlockall,1
rw_expect "patched, MCL_FUTURE|MCL_ONFAULT" EINVAL ./rwtool mlockall-onfault
rw_unload $M
rw_expect "unloaded, MCL_FUTURE|MCL_ONFAULT" ok ./rwtool mlockall-onfault
