# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Helpers for the realworld scenarios, sourced in the VM (busybox sh) after
# test/integration/vm/lib.sh (lp_load, lp_unload, fail, run_custom).

# rw_expect WHAT WANT CMD...: CMD's output must be WANT
rw_expect() {
	what=$1 want=$2
	shift 2
	got=$("$@" 2>/tmp/rw_expect.err)
	[ "$got" = "$want" ] ||
		fail "$what: '$*' gave '$got' ($(cat /tmp/rw_expect.err)), expected '$want'"
}

# rw_sympos MAP NAME ANCHOR: the position (1-based, in MAP's order, the
# order kallsyms counts sympos in) of the vmlinux local NAME nearest to
# ANCHOR, a symbol of the same unit named once: a unit's text lies together
# in vmlinux, so that is the unit's copy.  MAP: "ADDR TYPE NAME [MOD]"
# lines (/proc/kallsyms, a snapshot of it, a System.map).  Prints nothing
# when NAME or ANCHOR is missing or ANCHOR is not unique.
rw_sympos() {
	awk -v n="$2" -v a="$3" '
	NF == 3 && $3 == a { at[++na] = NR }
	NF == 3 && $3 == n { line[++k] = NR }
	END {
		if (na != 1 || !k)
			exit 1
		for (i = 1; i <= k; i++) {
			d = line[i] - at[1]
			if (d < 0)
				d = -d
			if (!best || d < bestd) {
				best = i
				bestd = d
			}
		}
		print best
	}' "$1"
}

# rw_object NAME: the patch object that holds module NAME's code in this
# kernel: NAME when it is a loadable module (loaded: its sysfs initstate),
# vmlinux when the flavour builds it in (cloud: ext4=y).  Call it after
# modprobe NAME.
rw_object() {
	if [ -e "/sys/module/$1/initstate" ]; then
		echo "$1"
	else
		echo vmlinux
	fi
}

# rw_load MOD: load, check the info/sysfs views, every function patched
# (SUTURE_FORMAT=klp: /sys/kernel/livepatch has no "result")
rw_load() {
	lp_load "$1" || fail "loading $1.ko failed"
	livepatch info "$1" >"/tmp/$1.info" 2>&1 ||
		fail "livepatch info $1: $(cat "/tmp/$1.info")"
	[ "$(cat "$SYSFS/$1/enabled")" = 1 ] || fail "$1 not enabled"
	[ "$(cat "$SYSFS/$1/transition")" = 0 ] || fail "$1 in transition"
	[ "${SUTURE_FORMAT:-suture}" = klp ] ||
		[ "$(cat "$SYSFS/$1/result")" = ok ] ||
		fail "$1 result: $(cat "$SYSFS/$1/result")"
}

# rw_patched MOD OBJ FUNC,POS: sysfs says FUNC,POS of OBJ is redirected
# (klp: the function is listed and its object is patched)
rw_patched() {
	if [ "${SUTURE_FORMAT:-suture}" = klp ]; then
		[ -d "$SYSFS/$1/$2/$3" ] ||
			fail "no $SYSFS/$1/$2/$3 (there: $(echo "$SYSFS/$1/$2"/*))"
		[ "$(cat "$SYSFS/$1/$2/patched")" = 1 ] ||
			fail "$SYSFS/$1/$2/patched is $(cat "$SYSFS/$1/$2/patched")"
		return 0
	fi
	f="$SYSFS/$1/$2/$3/patched"
	[ -f "$f" ] || fail "no $f (there: $(echo "$SYSFS/$1/$2"/*))"
	[ "$(cat "$f")" = 1 ] || fail "$f is $(cat "$f")"
}

# rw_obj_loaded MOD OBJ: 1 when module OBJ, a target of MOD, is loaded
# and patched, else 0 (suture: OBJ/loaded; klp: OBJ/patched, the kernel's
# livepatch patches a module target as it loads)
rw_obj_loaded() {
	if [ "${SUTURE_FORMAT:-suture}" = klp ]; then
		cat "$SYSFS/$1/$2/patched"
	else
		cat "$SYSFS/$1/$2/loaded"
	fi
}

# rw_unload MOD: unload, the patch is gone from sysfs
rw_unload() {
	lp_unload "$1" || fail "unloading $1 failed"
	[ ! -d "$SYSFS/$1" ] || fail "$SYSFS/$1 still there after unloading"
}

# rw_fat_mount DIR: a fresh 8 MB vfat file system on a loop device at DIR
# (sets RW_LOOP)
rw_fat_mount() {
	modprobe loop 2>/dev/null
	modprobe vfat || fail "modprobe vfat"
	for m in nls_cp437 nls_utf8 nls_iso8859-1 nls_ascii; do
		modprobe "$m" 2>/dev/null
	done
	dd if=/dev/zero of=/tmp/fat.img bs=1k count=8192 2>/dev/null
	mkdosfs /tmp/fat.img >/dev/null || fail "mkdosfs"
	RW_LOOP=$(losetup -f) || fail "no free loop device"
	losetup "$RW_LOOP" /tmp/fat.img || fail "losetup $RW_LOOP"
	mkdir -p "$1"
	mount -t vfat "$RW_LOOP" "$1" || fail "mount vfat"
}

rw_fat_umount() {
	umount "$1" || fail "umount $1"
	losetup -d "$RW_LOOP"
}

# rw_mlockall_onfault MOD: MOD makes mlockall(MCL_FUTURE|MCL_ONFAULT) fail
# with EINVAL while loaded (the mm-syscall-* scenarios: one fix written two
# ways)
rw_mlockall_onfault() {
	rw_expect "unpatched, MCL_FUTURE|MCL_ONFAULT" ok ./rwtool mlockall-onfault
	rw_load "$1"
	rw_patched "$1" vmlinux __x64_sys_mlockall,1
	rw_expect "patched, MCL_FUTURE|MCL_ONFAULT" EINVAL ./rwtool mlockall-onfault
	rw_unload "$1"
	rw_expect "unloaded, MCL_FUTURE|MCL_ONFAULT" ok ./rwtool mlockall-onfault
}
