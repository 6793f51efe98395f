# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A patch to module xfs, loaded before xfs is: modprobe xfs then loads
# libcrc32c, whose init makes the kernel load crc32c itself
# (request_module -> /sbin/modprobe), and xfs comes up patched.
xqm=/proc/fs/xfs/xqm
first() { cut -f1 "$xqm"; }

grep -q '^xfs ' /proc/modules && fail "xfs is loaded before the test"
lp_load module_xfs_autoload || fail "load without xfs"
modprobe xfs || fail "modprobe xfs under the patch (module autoload)"
grep -q '^crc32c' /proc/modules || grep -q crc32c /proc/crypto ||
	fail "crc32c was not loaded for libcrc32c"
[ "$(first)" = 1234 ] || fail "xfs loaded after the patch: xqm '$(first)'"
lp_unload module_xfs_autoload || fail "unload"
[ "$(first)" = 0 ] || fail "after unload: xqm '$(first)'"
rmmod xfs || fail "rmmod xfs"
