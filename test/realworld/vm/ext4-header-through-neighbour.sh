# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=ext4_header_through_neighbour
modprobe crc32c_generic 2>/dev/null
modprobe ext4 || fail "modprobe ext4"
O=$(rw_object ext4) # vmlinux where ext4 is built in (cloud)
modprobe loop 2>/dev/null
dd if=/dev/zero of=/tmp/ext.img bs=1k count=8192 2>/dev/null
L=$(losetup -f) || fail "no free loop device"
losetup "$L" /tmp/ext.img || fail "losetup"
mke2fs -q "$L" || fail "mke2fs"
rw_load $M
rw_patched $M "$O" ext4_map_blocks,1
rw_patched $M "$O" ext4_es_can_be_merged.isra.0,1
mkdir -p /mnt/ext
mount -t ext4 "$L" /mnt/ext || fail "mount ext4 while patched"
seq 1 3000 >/mnt/ext/numbers || fail "write"
umount /mnt/ext || fail "umount"
mount -t ext4 "$L" /mnt/ext || fail "remount"
[ "$(tail -n 1 /mnt/ext/numbers)" = 3000 ] || fail "read back"
umount /mnt/ext
rw_unload $M
losetup -d "$L"
