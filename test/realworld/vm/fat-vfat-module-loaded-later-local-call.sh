# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=fat_vfat_module_loaded_later_local_call
rmmod vfat 2>/dev/null
rmmod fat 2>/dev/null
rw_load $M
[ "$(rw_obj_loaded $M vfat)" = 0 ] || fail "vfat 'loaded' before it loads"
rw_fat_mount /mnt/fat
[ "$(rw_obj_loaded $M vfat)" = 1 ] || fail "vfat not 'loaded' after modprobe"
rw_patched $M vfat vfat_create,1
touch "/mnt/fat/ lead" 2>/dev/null && fail "patched: a leading space is accepted"
touch /mnt/fat/normal || fail "patched: a normal create fails"
[ -f /mnt/fat/normal ] || fail "patched: created file missing"
rw_unload $M
touch "/mnt/fat/ lead" || fail "unloaded: a leading space is refused"
rw_fat_umount /mnt/fat
