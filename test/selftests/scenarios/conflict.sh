# shellcheck shell=sh
# A failure after some functions were already redirected (ftrace refuses
# one: the kernel's livepatch owns it) unwinds everything.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
over=$(line /proc/version)
insmod ./klp_cmdline.ko
i=0
while [ "$(cat /sys/kernel/livepatch/klp_cmdline/transition)" = 1 ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "conflict: the kernel's livepatch owns cmdline_proc_show" \
	is /proc/cmdline klp-cmdline
dmesg -c >/dev/null
check "conflict: a patch whose second function ftrace refuses is refused" \
	sh -c "! insmod ./p_conflict.ko 2>/dev/null"
check "conflict: the error names the function" \
	sh -c "dmesg | grep -q 'cannot redirect cmdline_proc_show in vmlinux'"
check "conflict: the function redirected before the failure is the original again" \
	is /proc/version "$over"
check "conflict: the other owner is untouched, no sysfs left" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = klp-cmdline ] && [ ! -e $SYS/p_conflict ]"
first=$(dmesg | sed -n "s/.*suture-cb: p_conflict //p" | head -n 2 | tr '\n' ',')
check "conflict: post_unpatch ran after the successful pre_patch" \
	[ "$first" = "vmlinux pre_patch,vmlinux post_unpatch," ]
echo 0 >/sys/kernel/livepatch/klp_cmdline/enabled
i=0
while [ -e /sys/kernel/livepatch/klp_cmdline ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "conflict: once the other owner is gone the patch loads" load p_conflict
check "conflict: and both functions are redirected" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = suture-conflict ] && [ \"\$(cat /proc/version)\" = suture-version ]"
check "conflict: its functions are called directly" \
	sh -c "[ \"\$(cat $SYS/p_conflict/vmlinux/cmdline_proc_show,1/mode)\" = direct ]"
rmmod klp_cmdline
dmesg -c >/dev/null
check "conflict: the kernel's livepatch is refused on a direct-called function" \
	sh -c "! insmod ./klp_cmdline.ko 2>/dev/null"
check "conflict: ... ftrace says busy (-16) to it" \
	sh -c "dmesg | grep -q \"register ftrace handler for function 'cmdline_proc_show' (-16)\""
check "conflict: ... and the Suture patch still runs, directly" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = suture-conflict ] && [ \"\$(cat $SYS/p_conflict/vmlinux/cmdline_proc_show,1/mode)\" = direct ]"
disable p_conflict
rmmod p_conflict
finish
