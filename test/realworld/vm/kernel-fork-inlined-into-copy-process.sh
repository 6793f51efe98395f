# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=kernel_fork_inlined_into_copy_process
rw_load $M
rw_patched $M vmlinux copy_process,1
i=0
while [ $i -lt 100 ]; do
	[ "$(sh -c 'echo x')" = x ] || fail "fork+exec $i while patched"
	(sleep 0.01 &
		wait) || fail "fork $i while patched"
	i=$((i + 1))
done
rw_unload $M
[ "$(sh -c 'echo y')" = y ] || fail "fork after unloading"
