# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Runs in the VM (test/vm/run): the klp-format modules test/klp/run built,
# loaded and removed with the livepatch CLI; state read from
# /sys/kernel/livepatch.  One "RESULT NAME ok|fail: why" line a scenario.
KLP=/sys/kernel/livepatch
SCEN=
fail() {
	echo "RESULT $SCEN fail: $*"
	# what the kernel said (the CLI's -q loads print nothing)
	dmesg | tail -n 8 | sed 's/^/DETAIL /'
	exit 1
}
scenario() {
	SCEN=$1
	shift
	if ("$@"); then echo "RESULT $SCEN ok"; fi
	sstate_cleanup
	# leave nothing loaded for the next scenario
	for d in "$KLP"/*/; do
		[ -d "$d" ] || continue
		livepatch unload -q "$(basename "$d")" >/dev/null 2>&1
	done
}
enabled() { [ "$(cat "$KLP/$1/enabled" 2>/dev/null)" = 1 ] && [ "$(cat "$KLP/$1/transition")" = 0 ]; }

# a non-exported vmlinux symbol (saved_command_line) via .klp.rela.vmlinux
cmdline() {
	livepatch load -q klp_cmdline.ko || fail "load"
	enabled klp_cmdline || fail "not enabled, or transition open"
	grep -q ' suture_patched=1$' /proc/cmdline || fail "not live"
	livepatch list | grep -q '^klp_cmdline  *enabled  *klp' ||
		fail "list: $(livepatch list)"
	livepatch list --json | grep -q '"model": *"klp"' ||
		fail "list --json: $(livepatch list --json)"
	# the kernel names a unique function FUNC,1 in sysfs
	livepatch info klp_cmdline | grep -q '^    cmdline_proc_show,1$' ||
		fail "info: $(livepatch info klp_cmdline | tr '\n' '|')"
	livepatch info --json klp_cmdline |
		grep -q '"name":"cmdline_proc_show","sympos":1' ||
		fail "info --json: $(livepatch info --json klp_cmdline)"
	livepatch unload -q klp_cmdline || fail "unload"
	[ ! -d "$KLP/klp_cmdline" ] || fail "still in $KLP"
	! grep -q suture_patched /proc/cmdline || fail "still live"
	! grep -q '^klp_cmdline ' /proc/modules || fail "module not removed"
}

# KPATCH_* callbacks as klp callbacks, in order, with obj->name
callbacks() {
	dmesg -c >/dev/null
	livepatch load -q klp_callbacks.ko || fail "load"
	grep -q ' callbacks$' /proc/cmdline || fail "not live"
	livepatch unload -q klp_callbacks || fail "unload"
	order=$(dmesg | sed -n 's/.*suture-test: \([a-z_]*\) vmlinux.*/\1/p' |
		tr '\n' ' ')
	[ "$order" = "pre_patch post_patch pre_unpatch post_unpatch " ] ||
		fail "callbacks ran: '$order'"
}

# a module target (.klp.rela.binfmt_misc), loaded before and after
binfmt() {
	st=/proc/sys/fs/binfmt_misc/status
	livepatch load -q klp_binfmt.ko || fail "load without the module"
	modprobe binfmt_misc || fail "modprobe under the patch"
	mount -t binfmt_misc none /proc/sys/fs/binfmt_misc || fail "mount"
	[ "$(cat $st)" = "enabled (suture)" ] ||
		fail "module loaded after the patch: '$(cat $st)'"
	livepatch unload -q klp_binfmt || fail "unload"
	[ "$(cat $st)" = enabled ] || fail "after unload: '$(cat $st)'"
	umount /proc/sys/fs/binfmt_misc
	rmmod binfmt_misc || fail "rmmod binfmt_misc"
}

# a size mismatch in a module target: refused when the module loads
# after the patch (its load fails, the patch stays), and at the patch's
# load when the module is there (insmod: past the CLI's own check)
latesize() {
	why="size mismatch for bm_status_read,0 in binfmt_misc"
	! grep -q '^binfmt_misc ' /proc/modules || fail "binfmt_misc already loaded"
	dmesg -c >/dev/null
	livepatch load -q klp_latesz.ko || fail "load without the module"
	modprobe binfmt_misc 2>/dev/null && fail "binfmt_misc loaded under it"
	dmesg | grep -q "$why" || fail "no reason in the log: $(dmesg | tail -n 5)"
	! grep -q '^binfmt_misc ' /proc/modules || fail "binfmt_misc left loaded"
	enabled klp_latesz || fail "the patch did not stay enabled"
	livepatch unload -q klp_latesz || fail "unload"
	modprobe binfmt_misc || fail "binfmt_misc refused after the unload"
	dmesg -c >/dev/null
	insmod klp_latesz.ko 2>/dev/null && fail "insmod took it"
	dmesg | grep -q "$why" || fail "no reason at insmod: $(dmesg | tail -n 5)"
	[ ! -d "$KLP/klp_latesz" ] || fail "left in $KLP"
	! grep -q '^klp_latesz ' /proc/modules || fail "klp_latesz left loaded"
	mount -t binfmt_misc none /proc/sys/fs/binfmt_misc || fail "mount"
	[ "$(cat /proc/sys/fs/binfmt_misc/status)" = enabled ] ||
		fail "binfmt_misc patched: $(cat /proc/sys/fs/binfmt_misc/status)"
	umount /proc/sys/fs/binfmt_misc
	rmmod binfmt_misc || fail "rmmod binfmt_misc"
}

# --replace: a cumulative klp patch supersedes the one loaded before
replace() {
	livepatch load -q klp_cmdline.ko || fail "load the first"
	livepatch info klp_cmdline | grep -q '^replace: *no$' ||
		fail "info klp_cmdline: $(livepatch info klp_cmdline | tr '\n' '|')"
	# fixed at build: the glue refuses another value at insmod
	! insmod klp_replace.ko replace=N 2>/dev/null ||
		fail "insmod klp_replace.ko replace=N loaded"
	! grep -q '^klp_replace ' /proc/modules || fail "klp_replace left loaded"
	livepatch load -q klp_replace.ko || fail "load the replacement"
	# 6.1 has no replace attribute in $KLP: read from the module
	livepatch info klp_replace | grep -q '^replace: *yes$' ||
		fail "info klp_replace: $(livepatch info klp_replace | tr '\n' '|')"
	livepatch info --json klp_replace | grep -q '"replace": *true' ||
		fail "info --json: $(livepatch info --json klp_replace)"
	livepatch list --json | grep -q '"replace": *true' ||
		fail "list --json: $(livepatch list --json)"
	grep -q '(suture-patched)$' /proc/version || fail "replacement not live"
	! grep -q suture_patched /proc/cmdline || fail "first still live"
	[ ! -d "$KLP/klp_cmdline" ] || fail "first still in $KLP"
	rmmod klp_cmdline || fail "rmmod the replaced module"
	livepatch unload -q klp_replace || fail "unload"
	! grep -q suture /proc/version || fail "still live after unload"
}

# a jump label on a non-exported vmlinux key, off then on
schedstats() {
	sw=/proc/sys/kernel/sched_schedstats
	echo 0 >$sw
	livepatch load -q klp_schedstats.ko || fail "load"
	grep -q 'suture-klp schedstats off' /proc/self/sched ||
		fail "key off: $(grep suture /proc/self/sched)"
	! grep -q 'sum_sleep_runtime' /proc/self/sched ||
		fail "key off but the schedstat branch ran"
	echo 1 >$sw
	grep -q 'suture-klp schedstats on' /proc/self/sched ||
		fail "key on: $(grep suture /proc/self/sched)"
	grep -q 'sum_sleep_runtime' /proc/self/sched ||
		fail "key on but the schedstat branch did not run"
	echo 0 >$sw
	grep -q 'suture-klp schedstats off' /proc/self/sched ||
		fail "key off again"
	livepatch unload -q klp_schedstats || fail "unload"
	! grep -q suture-klp /proc/self/sched || fail "still live"
}

# a jump label on a key static to net/core/dev.c (off: no XDP program)
xdp() {
	ifconfig lo up
	! ifconfig lo | grep -q NOTRAILERS || fail "NOTRAILERS before"
	livepatch load -q klp_xdp.ko || fail "load"
	ifconfig lo | grep -q NOTRAILERS || fail "not live: $(ifconfig lo)"
	livepatch unload -q klp_xdp || fail "unload"
	! ifconfig lo | grep -q NOTRAILERS || fail "still live"
}

# system state (suture-state.h) in format $1 (modules $1_state, $1_state2
# = the same with --replace, $1_replace = another --replace patch): a
# replace without the state is refused and the running patch stays, one
# with it takes it over (suture_state_prev sees it); then, with no state
# established, $1_replace loads
state_in() {
	f=$1
	dmesg -c >/dev/null
	livepatch load -q "${f}_state.ko" || fail "load"
	grep -q ' state$' /proc/cmdline || fail "not live"
	dmesg | grep -q 'suture-test: state 5a7e v1, new' ||
		fail "pre_patch did not see a new state: $(dmesg | grep suture-test)"
	out=$(livepatch load "${f}_replace.ko" 2>&1) &&
		fail "a replace without the state loaded: $out"
	# suture.ko says which patch and state; the kernel only this
	echo "$out" | grep -q "$2" || fail "no clear refusal: $out"
	patch_on "${f}_state" || fail "${f}_state not enabled after the refusal"
	! patch_on "${f}_replace" || fail "${f}_replace enabled"
	livepatch load -q "${f}_state2.ko" || fail "load the replace with the state"
	dmesg | grep -q 'suture-test: state 5a7e v1, taken over' ||
		fail "pre_patch did not see the previous state: $(dmesg | grep suture-test)"
	! patch_on "${f}_state" || fail "${f}_state not replaced"
	livepatch unload -q "${f}_state" 2>/dev/null || rmmod "${f}_state" ||
		fail "remove the replaced patch"
	livepatch unload -q "${f}_state2" || fail "unload"
	! grep -q ' state$' /proc/cmdline || fail "still live"
	livepatch load -q "${f}_replace.ko" || fail "replace alone refused"
	livepatch unload -q "${f}_replace" || fail "unload ${f}_replace"
}
# patch_on NAME: enabled in either core's sysfs
patch_on() {
	[ "$(cat "$KLP/$1/enabled" /sys/kernel/suture/"$1"/enabled 2>/dev/null)" = 1 ]
}
state() { state_in klp "not compatible"; }
sstate() {
	state_in suture "not compatible.*suture_state established system state 23166 (version 1)"
}
sstate_cleanup() {
	for d in /sys/kernel/suture/*/; do
		[ -f "$d/enabled" ] || continue
		livepatch unload -q "$(basename "$d")" >/dev/null 2>&1
	done
}

# a patch of each format on the same function: the second is refused,
# naming the first, in both orders; the first stays applied.  Loaded
# without the CLI's check (insmod), the second core's ftrace refuses it.
owner() {
	livepatch load -q suture_cmdline.ko || fail "load suture_cmdline"
	out=$(livepatch load klp_cmdline.ko 2>&1) &&
		fail "klp_cmdline loaded over suture_cmdline: $out"
	echo "$out" | grep -q "cmdline_proc_show in vmlinux is already changed by Suture patch suture_cmdline" ||
		fail "no owner named: $out"
	[ ! -d "$KLP/klp_cmdline" ] || fail "klp_cmdline in $KLP"
	! grep -q '^klp_cmdline ' /proc/modules || fail "klp_cmdline module loaded"
	dmesg -c >/dev/null
	insmod klp_cmdline.ko 2>/dev/null && fail "insmod klp_cmdline worked"
	dmesg | grep -q "failed to register ftrace handler for function 'cmdline_proc_show'" ||
		fail "insmod klp_cmdline: $(dmesg | tail -n 5)"
	[ ! -d "$KLP/klp_cmdline" ] || fail "klp_cmdline in $KLP after insmod"
	[ "$(cat /sys/kernel/suture/suture_cmdline/enabled)" = 1 ] ||
		fail "suture_cmdline not enabled after the refusals"
	grep -q ' suture_patched=1$' /proc/cmdline || fail "suture_cmdline not live"
	livepatch unload -q suture_cmdline || fail "unload suture_cmdline"
	! grep -q suture_patched /proc/cmdline || fail "still live"

	livepatch load -q klp_cmdline.ko || fail "load klp_cmdline"
	out=$(livepatch load suture_cmdline.ko 2>&1) &&
		fail "suture_cmdline loaded over klp_cmdline: $out"
	echo "$out" | grep -q "cmdline_proc_show in vmlinux is already changed by kernel livepatch (klp) patch klp_cmdline" ||
		fail "no owner named: $out"
	[ ! -d /sys/kernel/suture/suture_cmdline ] || fail "suture_cmdline registered"
	dmesg -c >/dev/null
	insmod suture_cmdline.ko 2>/dev/null && fail "insmod suture_cmdline worked"
	dmesg | grep -q "cannot redirect cmdline_proc_show in vmlinux: ftrace refused" ||
		fail "insmod suture_cmdline: $(dmesg | tail -n 5)"
	[ ! -d /sys/kernel/suture/suture_cmdline ] || fail "suture_cmdline registered by insmod"
	enabled klp_cmdline || fail "klp_cmdline not enabled after the refusals"
	grep -q ' suture_patched=1$' /proc/cmdline || fail "klp_cmdline not live"
	livepatch unload -q klp_cmdline || fail "unload klp_cmdline"
	! grep -q suture_patched /proc/cmdline || fail "still live"
}

# the boot unit's script applies an installed klp module, once
boot() {
	st=/tmp/suture-state
	mkdir -p "$st/$(uname -r)" || fail "mkdir"
	cp klp_cmdline.ko "$st/$(uname -r)/" && echo klp_cmdline >"$st/$(uname -r)/order"
	chmod 755 "$st" "$st/$(uname -r)"
	chmod 644 "$st/$(uname -r)/order" "$st/$(uname -r)/klp_cmdline.ko"
	lp=$(command -v livepatch)
	SUTURE_STATE_DIR=$st LIVEPATCH=$lp sh ./suture-boot 2>/tmp/boot.log ||
		fail "suture-boot: $(cat /tmp/boot.log)"
	enabled klp_cmdline || fail "not enabled: $(cat /tmp/boot.log)"
	grep -q ' suture_patched=1$' /proc/cmdline || fail "not live"
	SUTURE_STATE_DIR=$st LIVEPATCH=$lp sh ./suture-boot 2>/tmp/boot.log ||
		fail "suture-boot again: $(cat /tmp/boot.log)"
	grep -q 'klp_cmdline: already loaded, skipped' /tmp/boot.log ||
		fail "second run: $(cat /tmp/boot.log)"
	livepatch unload -q klp_cmdline || fail "unload"
	rm -rf "$st"
}

# an --update-to module (klp_cmdline with its modinfo): list and info
# name the builds, in text and JSON, as for the Suture format
update() {
	upd="6.1.190-1 + live update to 6.1.192-3"
	livepatch load -q klp_update.ko || fail "load"
	livepatch list | grep -A1 '^klp_cmdline  *enabled  *klp' |
		grep -qx "  kernel $upd" || fail "list: $(livepatch list)"
	livepatch list --json | grep -q "\"update\": *\"$upd\"" ||
		fail "list --json: $(livepatch list --json)"
	livepatch info klp_cmdline | grep -qx "update:     $upd" ||
		fail "info: $(livepatch info klp_cmdline)"
	livepatch info --json klp_cmdline | grep -q "\"update\": *\"$upd\"" ||
		fail "info --json: $(livepatch info --json klp_cmdline)"
	livepatch unload -q klp_cmdline || fail "unload"
}

# a symbol the running kernel lacks: the kernel's refusal in the CLI
missing() {
	out=$(livepatch load klp_missing.ko 2>&1) && fail "loaded: $out"
	echo "$out" | grep -q "saved_command_lin_.*not found" ||
		fail "no clear message: $out"
	[ ! -d "$KLP/klp_missing" ] || fail "left in $KLP"
	# the size check suture.ko makes, made by the CLI for klp modules
	out=$(livepatch load klp_badsize.ko 2>&1) && fail "loaded: $out"
	echo "$out" | grep -q "size mismatch for cmdline_proc_show,0 in vmlinux" ||
		fail "no size refusal: $out"
	! grep -q '^klp_badsize ' /proc/modules || fail "klp_badsize inserted"
	# and the check passes a module that fits (cmdline: the same record)
	livepatch load -q klp_cmdline.ko || fail "klp_cmdline refused"
	livepatch unload -q klp_cmdline || fail "unload klp_cmdline"
}

for s in $SCENARIOS; do
	scenario "$s" "$s"
done
