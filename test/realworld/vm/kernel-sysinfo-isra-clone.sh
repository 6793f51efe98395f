# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=kernel_sysinfo_isra_clone
rw_load $M
rw_patched $M vmlinux do_sysinfo.isra.0,1
free | grep -q Mem: || fail "free (sysinfo) while patched: $(free 2>&1)"
uptime | grep -q 'load average' || fail "uptime (sysinfo) while patched"
rw_unload $M
free | grep -q Mem: || fail "free after unloading"
