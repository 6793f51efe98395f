# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# one patch, two objects: block/ioctl.c (vmlinux) and drivers/block/loop.c
M=block_loop_vmlinux_and_module
modprobe loop 2>/dev/null
dd if=/dev/zero of=/tmp/blk.img bs=1k count=1024 2>/dev/null
L=$(losetup -f) || fail "no free loop device"
losetup "$L" /tmp/blk.img || fail "losetup"
rw_expect "unpatched, BLKBSZSET 512" ok ./rwtool bszset "$L" 512
rw_expect "unpatched, LOOP_SET_BLOCK_SIZE 512" ok ./rwtool loopbs "$L" 512
rw_load $M
rw_patched $M vmlinux blkdev_bszset,1
# builds up to 6.1.190 inline loop_set_block_size into lo_ioctl: then
# lo_ioctl is the replaced function (loop's own symbols tell)
F=loop_set_block_size
grep -q ' loop_set_block_size	\[loop\]$' /proc/kallsyms || F=lo_ioctl
rw_patched $M loop "$F,1"
rw_expect "patched, BLKBSZSET 512" EINVAL ./rwtool bszset "$L" 512
rw_expect "patched, LOOP_SET_BLOCK_SIZE 512" EINVAL ./rwtool loopbs "$L" 512
rw_expect "patched, BLKBSZSET 4096" ok ./rwtool bszset "$L" 4096
rw_unload $M
rw_expect "unloaded, LOOP_SET_BLOCK_SIZE 512" ok ./rwtool loopbs "$L" 512
losetup -d "$L"
