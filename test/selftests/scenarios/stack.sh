# shellcheck shell=sh
# Two patches on one function: the newest wins, only it may be disabled.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
load p_cmdline1
check "stack: second patch on the same function loads" load p_cmdline2
check "stack: the newest patch wins" is /proc/cmdline suture-p2
check "stack: sysfs stack lists both, oldest first" \
	sh -c "[ \"\$(cat $SYS/stack | tr '\n' ' ')\" = 'p_cmdline1 p_cmdline2 ' ]"
check "stack: disabling the older patch is refused (EBUSY)" \
	sh -c "! echo 0 > $SYS/p_cmdline1/enabled 2>/dev/null"
check "stack: ... and changes nothing" \
	sh -c "[ \$(cat $SYS/p_cmdline1/enabled) = 1 ] && [ \"\$(cat /proc/cmdline)\" = suture-p2 ]"
check "stack: disabling the newest works" disable p_cmdline2
check "stack: the older patch is live again" is /proc/cmdline suture-p1
check "stack: then the older one can be disabled" disable p_cmdline1
check "stack: the original is back" is /proc/cmdline "$orig"
rmmod p_cmdline2 p_cmdline1
finish
