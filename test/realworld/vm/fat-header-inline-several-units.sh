# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# the patched helper runs whenever an inode is read from disk: write a
# tree, remount, read it back while patched
M=fat_header_inline_several_units
rw_fat_mount /mnt/fat
mkdir -p /mnt/fat/d1/d2 || fail "mkdir"
seq 1 5000 >/mnt/fat/d1/d2/numbers || fail "write"
rw_load $M
for f in fat_fill_inode,1 fat_scan_logstart,1 fat_get_parent,1; do
	rw_patched $M fat $f
done
umount /mnt/fat || fail "umount"
mount -t vfat "$RW_LOOP" /mnt/fat || fail "remount while patched"
[ "$(tail -n 1 /mnt/fat/d1/d2/numbers)" = 5000 ] || fail "read back while patched"
mkdir /mnt/fat/d3 || fail "mkdir while patched"
echo x >/mnt/fat/d3/f || fail "write while patched"
rw_unload $M
[ "$(cat /mnt/fat/d3/f)" = x ] || fail "read back after unloading"
rw_fat_umount /mnt/fat
