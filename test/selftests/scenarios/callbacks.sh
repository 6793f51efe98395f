# shellcheck shell=sh
# Callback order, and a refusing pre-patch: nothing is applied.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
cbs() { dmesg | sed -n "s/.*suture-cb: $1 //p" | tr '\n' ','; }

dmesg -c >/dev/null
load p_cmdline1
check "callbacks: enable runs pre_patch then post_patch" \
	[ "$(cbs p_cmdline1)" = "vmlinux pre_patch,vmlinux post_patch," ]
dmesg -c >/dev/null
disable p_cmdline1
check "callbacks: disable runs pre_unpatch then post_unpatch" \
	[ "$(cbs p_cmdline1)" = "vmlinux pre_unpatch,vmlinux post_unpatch," ]
rmmod p_cmdline1

insmod ./st_target.ko
dmesg -c >/dev/null
load p_mod
check "callbacks: every present object gets pre_patch before any post_patch" \
	[ "$(cbs p_mod)" = "vmlinux pre_patch,st_target pre_patch,vmlinux post_patch,st_target post_patch," ]
disable p_mod
rmmod p_mod

dmesg -c >/dev/null
check "callbacks: a refusing pre_patch refuses the patch" \
	sh -c "! insmod ./p_bad.ko mode=refuse 2>/dev/null"
# busybox insmod retries a failed finit_module with init_module: look at
# the first attempt only
first=$(dmesg | sed -n "s/.*suture-cb: p_bad //p" | head -n 3 | tr '\n' ',')
check "callbacks: objects whose pre_patch succeeded get post_unpatch, the refusing one nothing more" \
	[ "$first" = "vmlinux pre_patch,st_target pre_patch,vmlinux post_unpatch," ]
check "callbacks: nothing was applied" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = \"$orig\" ] && grep -q '^value=7 ' /proc/st_target && [ ! -e $SYS/p_bad ]"

rmmod st_target
check "callbacks: with its module absent the patch loads" load p_bad mode=refuse
check "callbacks: a module whose pre_patch refuses does not load" \
	sh -c "! insmod ./st_target.ko 2>/dev/null && [ ! -e /proc/st_target ]"
check "callbacks: the rest of the patch stays applied" is /proc/cmdline suture-bad
disable p_bad
rmmod p_bad
finish
