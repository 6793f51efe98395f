# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# (no nft in the VM: load, check, unload with nf_tables loaded)
M=netfilter_nf_tables_register_len
modprobe crc32c_generic 2>/dev/null
modprobe nf_tables || fail "modprobe nf_tables"
rw_load $M
rw_patched $M nf_tables nft_parse_register_load,1
rw_unload $M
