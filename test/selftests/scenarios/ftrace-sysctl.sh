# shellcheck shell=sh
# kernel.ftrace_enabled and a patch (the kernel's livepatch selftest
# "livepatch interaction with ftrace_enabled sysctl"): while a patch is
# applied the sysctl cannot be turned off (suture's ftrace_ops are
# permanent; a direct-called function is guarded by a permanent ops of
# its own: turning ftrace off would take the direct call out) and the
# patch keeps working, with the handler or direct (parameter direct); with ftrace off a patch is
# refused and nothing changes; on again, the patch loads.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
F=/proc/sys/kernel/ftrace_enabled
orig=$(line /proc/cmdline)
P=/sys/module/suture/parameters/direct
for mode in handler direct; do
	case $mode in
	handler) echo 0 >$P ;;
	direct) echo 1 >$P ;;
	esac
	check "ftrace-sysctl: a patch loads ($mode)" load p_cmdline1
	check "ftrace-sysctl: its function's mode is $mode" \
		sh -c "cat $SYS/p_cmdline1/vmlinux/cmdline_proc_show,1/mode | grep -q ^$mode"
	check "ftrace-sysctl: turning ftrace off under it is refused ($mode)" \
		sh -c "! echo 0 >$F 2>/dev/null"
	check "ftrace-sysctl: ftrace stays on ($mode)" is $F 1
	check "ftrace-sysctl: the patch still works ($mode)" \
		is /proc/cmdline suture-p1
	check "ftrace-sysctl: the patch disables ($mode)" disable p_cmdline1
	rmmod p_cmdline1
done
check "ftrace-sysctl: without patches ftrace can be turned off" \
	sh -c "echo 0 >$F"
dmesg -c >/dev/null
check "ftrace-sysctl: with ftrace off a patch is refused" \
	sh -c "! insmod ./p_cmdline1.ko 2>/dev/null"
echo "# $(dmesg | grep 'suture: p_cmdline1' | head -n 1)"
check "ftrace-sysctl: and says why" \
	sh -c "dmesg | grep -q 'suture: p_cmdline1: cannot redirect cmdline_proc_show'"
check "ftrace-sysctl: nothing changed" is /proc/cmdline "$orig"
check "ftrace-sysctl: nothing listed" sh -c "[ ! -e $SYS/p_cmdline1 ]"
check "ftrace-sysctl: ftrace on again" sh -c "echo 1 >$F"
check "ftrace-sysctl: the patch loads again" load p_cmdline1
check "ftrace-sysctl: and works" is /proc/cmdline suture-p1
check "ftrace-sysctl: and disables" disable p_cmdline1
rmmod p_cmdline1
finish
