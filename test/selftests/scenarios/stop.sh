# shellcheck shell=sh
# shellcheck disable=SC2317 # refused runs through check
# The stop model: a patch applied and removed with every task stopped,
# stacked with a per-task patch.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
rt_param=/sys/module/suture/parameters/stop_on_preempt_rt
check "stop: suture.ko's stop_on_preempt_rt is off by default" \
	[ "$(cat $rt_param)" = N ]
# refused P PARAM...: insmod fails and P is neither registered nor loaded
refused() {
	p=$1
	shift
	! insmod "./$p.ko" "$@" 2>/dev/null && [ ! -d "$SYS/$p" ] &&
		! grep -q "^$p " /proc/modules
}
if uname -v | grep -q PREEMPT_RT; then
	# PREEMPT_RT: refused at load unless stop_on_preempt_rt is set
	# (consistency/stop.c says why); the rest of this scenario opts in
	check "stop: PREEMPT_RT: a stop-model patch is refused at load" \
		refused p_cmdline1 model=2
	check "stop: PREEMPT_RT: the log says why and to use per-task" \
		sh -c "dmesg | grep -q 'p_cmdline1: stop model refused on PREEMPT_RT: .*--model per-task'"
	check "stop: PREEMPT_RT: the kernel is unchanged" is /proc/cmdline "$orig"
	echo 1 >$rt_param
fi
check "stop: a patch with the stop model loads" load p_cmdline1 model=2
check "stop: sysfs says stop, result ok" \
	sh -c "[ \$(cat $SYS/p_cmdline1/model) = stop ] && [ \"\$(cat $SYS/p_cmdline1/result)\" = ok ]"
check "stop: the function is redirected" is /proc/cmdline suture-p1
check "stop: a per-task patch stacks on it" load p_cmdline2 model=1
check "stop: the newest wins" is /proc/cmdline suture-p2
disable p_cmdline2
check "stop: the stop-model patch is live again" is /proc/cmdline suture-p1
check "stop: it is disabled with the stop model" disable p_cmdline1
check "stop: the original is back" is /proc/cmdline "$orig"
rmmod p_cmdline2 p_cmdline1
finish
