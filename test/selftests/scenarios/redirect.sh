# shellcheck shell=sh
# A vmlinux function redirected and let go: /proc/cmdline shows the effect.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
check "redirect: a patch module loads" load p_cmdline1
check "redirect: /proc/cmdline shows the new function" is /proc/cmdline suture-p1
check "redirect: sysfs shows the patch enabled, not in transition" \
	sh -c "[ \$(cat $SYS/p_cmdline1/enabled) = 1 ] && [ \$(cat $SYS/p_cmdline1/transition) = 0 ]"
check "redirect: per-function sysfs entry says patched" \
	sh -c "[ \$(cat $SYS/p_cmdline1/vmlinux/cmdline_proc_show,1/patched) = 1 ]"
check "redirect: result is ok, model per-task, stack lists the patch" \
	sh -c "[ \"\$(cat $SYS/p_cmdline1/result)\" = ok ] && [ \$(cat $SYS/p_cmdline1/model) = per-task ] && [ \"\$(cat $SYS/stack)\" = p_cmdline1 ]"
check "redirect: the patch module cannot be removed while enabled" \
	sh -c "! rmmod p_cmdline1 2>/dev/null"
check "redirect: writing 0 to enabled unpatches" disable p_cmdline1
check "redirect: /proc/cmdline is the original again" is /proc/cmdline "$orig"
check "redirect: writing 1 to a disabled patch is refused" \
	sh -c "! echo 1 > $SYS/p_cmdline1/enabled 2>/dev/null"
check "redirect: the disabled patch module unloads and its sysfs goes" \
	sh -c "rmmod p_cmdline1 && [ ! -e $SYS/p_cmdline1 ]"
check "redirect: it loads again afterwards" load p_cmdline1
check "redirect: and patches again" is /proc/cmdline suture-p1
disable p_cmdline1 && rmmod p_cmdline1
finish
