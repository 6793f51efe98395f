# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=bpf_verifier_map_access
rw_load $M
rw_patched $M vmlinux check_map_access,1
rw_unload $M
