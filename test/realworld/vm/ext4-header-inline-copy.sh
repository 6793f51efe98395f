# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# ext4_es_is_delayed's copies are the module's own; the functions passing
# them (delayed allocation: ext4_da_get_block_prep) are replaced
M=ext4_header_inline_copy
modprobe crc32c_generic 2>/dev/null
modprobe ext4 || fail "modprobe ext4"
O=$(rw_object ext4) # vmlinux where ext4 is built in (cloud)
modprobe loop 2>/dev/null
dd if=/dev/zero of=/tmp/exd.img bs=1k count=8192 2>/dev/null
L=$(losetup -f) || fail "no free loop device"
losetup "$L" /tmp/exd.img || fail "losetup"
mke2fs -q "$L" || fail "mke2fs"
rw_load $M
rw_patched $M "$O" ext4_da_get_block_prep,1
rw_patched $M "$O" ext4_map_blocks,1
# 6.12 has no ext4_es_delayed_clu: ext4_clu_alloc_state passes the copy
case $(uname -r) in
6.1.*) rw_patched $M "$O" ext4_es_delayed_clu,1 ;;
*) rw_patched $M "$O" ext4_clu_alloc_state,1 ;;
esac
mkdir -p /mnt/exd
mount -t ext4 "$L" /mnt/exd || fail "mount ext4 while patched"
# delayed allocation (the default): written, allocated at sync,
# appended, overwritten
seq 1 5000 >/mnt/exd/numbers || fail "write"
sync
seq 1 5000 >>/mnt/exd/numbers || fail "append"
dd if=/dev/zero of=/mnt/exd/numbers bs=1k count=4 seek=2 conv=notrunc \
	2>/dev/null || fail "overwrite"
umount /mnt/exd || fail "umount"
mount -t ext4 "$L" /mnt/exd || fail "remount"
[ "$(tail -n 1 /mnt/exd/numbers)" = 5000 ] || fail "read back"
rm /mnt/exd/numbers || fail "rm"
umount /mnt/exd
rw_unload $M
losetup -d "$L"
