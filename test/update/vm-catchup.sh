#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the VM (6.1.0-55-amd64, test/update/run): the 6.1.192-1 -> 6.1.192-3
# update module loaded before ext4 and nfsd, both patched when they load;
# kprobes show which code runs: the module's own copy of
# ext4_mb_load_buddy_gfp (the ext4 fix), or the original's body (+5: past
# its __fentry__ call, so only when the call is not redirected).
# Prints "RESULT ok WHAT" / "RESULT fail WHAT".
T=/sys/kernel/tracing
M=update_6_1_192_3
S=/sys/kernel/suture/$M
ok() { echo "RESULT ok $*"; }
bad() { echo "RESULT fail $*"; }
check() {
	what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
hits() { awk -v n="$1" '$1 == n { print $2 }' $T/kprobe_profile; }
# write_read N: a new file of N 64 KiB blocks on the image, synced (blocks
# allocated by mballoc), read back after a remount, compared
write_read() {
	dd if=/dev/urandom of=/tmp/data bs=64k count="$1" 2>/dev/null
	cp /tmp/data "/mnt/data.$1" && sync &&
		umount /mnt && mount -t ext4 -o loop /root/ext4.img /mnt &&
		cmp /tmp/data "/mnt/data.$1"
}

insmod /root/suture-6.1.0-55-amd64.ko || bad "insmod suture.ko"
if ! livepatch load $M.ko; then
	bad "livepatch load $M.ko"
	exit 1
fi
ok "livepatch load $M.ko (ext4 and nfsd not loaded yet)"
livepatch list
check "livepatch list shows 6.1.192-1 + live update to 6.1.192-3" \
	sh -c "livepatch list | grep -q '6.1.192-1 + live update to 6.1.192-3'"

# crc32c: ext4's soft dependency (the kernel asks for it by name at mount,
# busybox modprobe does not follow softdeps)
{ modprobe ext4 && modprobe loop && modprobe crc32c; } ||
	bad "modprobe ext4 loop crc32c"
check "ext4 loaded after the update: ext4_mb_load_buddy_gfp patched" \
	test "$(cat $S/ext4/loaded)$(cat $S/ext4/ext4_mb_load_buddy_gfp,1/patched)" = 11
if ! echo "p:lp_new $M:ext4_mb_load_buddy_gfp" >>$T/kprobe_events ||
	! echo "p:lp_orig ext4:ext4_mb_load_buddy_gfp+5" >>$T/kprobe_events ||
	! echo 1 >$T/events/kprobes/enable; then
	bad "kprobe events"
fi
mkdir -p /mnt
mount -t ext4 -o loop /root/ext4.img /mnt || bad "mount the ext4 image"
check "ext4 image: 4 MiB written, synced, read back while patched" write_read 64
cat $T/kprobe_profile
new=$(hits lp_new)
orig=$(hits lp_orig)
check "the update's ext4_mb_load_buddy_gfp ran (${new:-no} hits), the original's body did not (${orig:-?})" \
	test "${new:-0}" -gt 0 -a "${orig:-1}" = 0

modprobe nfsd || bad "modprobe nfsd"
check "nfsd loaded after the update: nfsd4_sequence patched" \
	test "$(cat $S/nfsd/loaded)$(cat $S/nfsd/nfsd4_sequence,1/patched)" = 11

echo 0 >$T/events/kprobes/lp_new/enable
echo "-:lp_new" >>$T/kprobe_events
check "livepatch unload $M" livepatch unload $M
check "after unload: 2 MiB more written and read back" write_read 32
cat $T/kprobe_profile
orig=$(hits lp_orig)
check "after unload the original ext4_mb_load_buddy_gfp runs again (${orig:-no} hits)" \
	test "${orig:-0}" -gt 0
umount /mnt
echo VM-DONE
