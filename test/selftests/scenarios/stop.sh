# shellcheck shell=sh
# The stop model: a patch applied and removed with every task stopped,
# stacked with a per-task patch.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
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
