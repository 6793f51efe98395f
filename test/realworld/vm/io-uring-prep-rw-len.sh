# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=io_uring_prep_rw_len
rw_load $M
rw_patched $M vmlinux io_prep_rw,1
rw_unload $M
