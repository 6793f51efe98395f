# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=mm_usercopy_static_key_enabled
rw_load $M
rw_patched $M vmlinux __check_object_size,1
cat /proc/self/status /proc/meminfo /proc/kallsyms >/dev/null || fail "reads while patched"
ls -laR "$SYSFS" >/dev/null || fail "ls while patched"
rw_expect "patched, setsockopt" ok ./rwtool rcvlowat 10
rw_unload $M
