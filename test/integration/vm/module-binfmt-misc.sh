# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A patch to module binfmt_misc: applied to the loaded module, and to the
# module loaded after the patch.
status=/proc/sys/fs/binfmt_misc/status
mnt() { mount -t binfmt_misc none /proc/sys/fs/binfmt_misc; }

modprobe binfmt_misc || fail "modprobe binfmt_misc"
mnt || fail "mount binfmt_misc"
[ "$(cat $status)" = enabled ] || fail "stock status is '$(cat $status)'"
lp_load module_binfmt_misc || fail "load with the module loaded"
[ "$(cat $status)" = "enabled (suture)" ] ||
	fail "module loaded before the patch: status '$(cat $status)'"
lp_unload module_binfmt_misc || fail "unload"
[ "$(cat $status)" = enabled ] || fail "after unload: '$(cat $status)'"
umount /proc/sys/fs/binfmt_misc
rmmod binfmt_misc || fail "rmmod binfmt_misc"

lp_load module_binfmt_misc || fail "load without the module"
modprobe binfmt_misc || fail "modprobe binfmt_misc under the patch"
mnt || fail "mount binfmt_misc"
[ "$(cat $status)" = "enabled (suture)" ] ||
	fail "module loaded after the patch: status '$(cat $status)'"
lp_unload module_binfmt_misc || fail "unload (module loaded after)"
[ "$(cat $status)" = enabled ] || fail "after unload: '$(cat $status)'"
umount /proc/sys/fs/binfmt_misc
rmmod binfmt_misc
