# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
rw_mlockall_onfault mm_syscall_define_body
