# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=fs_exec_isra_cold_part
rw_load $M
rw_patched $M vmlinux do_execveat_common.isra.0,1
i=0
while [ $i -lt 20 ]; do
	[ "$(sh -c 'echo x')" = x ] || fail "exec $i while patched"
	i=$((i + 1))
done
rw_unload $M
[ "$(sh -c 'echo y')" = y ] || fail "exec after unloading"
