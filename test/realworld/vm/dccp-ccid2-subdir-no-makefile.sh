# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# dccp.ko's ccids/ccid2.o (listed by net/dccp's Makefile): patched and
# unpatched while dccp is loaded
M=dccp_ccid2_subdir_no_makefile
modprobe dccp || fail "modprobe dccp"
rw_load $M
rw_patched $M dccp ccid2_hc_tx_parse_options,1
rw_unload $M
true
