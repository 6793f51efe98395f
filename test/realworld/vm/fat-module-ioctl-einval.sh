# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=fat_module_ioctl_einval
rw_fat_mount /mnt/fat
echo data >/mnt/fat/file || fail "write a file"
rw_expect "unpatched, unknown attribute bits" ok ./rwtool fatattr /mnt/fat/file 0x100
rw_load $M
rw_patched $M fat fat_generic_ioctl,1
rw_expect "patched, unknown attribute bits" EINVAL ./rwtool fatattr /mnt/fat/file 0x100
rw_expect "patched, hidden bit" ok ./rwtool fatattr /mnt/fat/file 0x2
rw_unload $M
rw_expect "unloaded, unknown attribute bits" ok ./rwtool fatattr /mnt/fat/file 0x100
rw_fat_umount /mnt/fat
