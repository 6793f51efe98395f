# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# --format klp only (Suture's format refuses the patch): the patched
# __check_object_size keeps static_branch_unlikely() on the key local to
# mm/usercopy.c (bypass_usercopy_checks, off: hardened usercopy on), its
# jump label applied by the loader; every copy to/from user runs it.
M=refuse_static_key_local
rw_load $M
rw_patched $M vmlinux __check_object_size,1
cat /proc/self/status /proc/meminfo /proc/kallsyms >/dev/null ||
	fail "reads while patched"
rw_expect "patched, setsockopt" ok ./rwtool rcvlowat 10
rw_unload $M
rw_expect "unloaded, setsockopt" ok ./rwtool rcvlowat 10
