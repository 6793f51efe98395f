# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=io_uring_prep_rw_len
rw_expect "unpatched, io_uring READ above MAX_RW_COUNT" EFAULT ./rwtool uring-read-huge
rw_load $M
rw_patched $M vmlinux io_prep_rw,1
rw_expect "patched, io_uring READ above MAX_RW_COUNT" EINVAL ./rwtool uring-read-huge
rw_unload $M
rw_expect "unloaded, io_uring READ above MAX_RW_COUNT" EFAULT ./rwtool uring-read-huge
