# shellcheck shell=sh
# A replace patch supersedes every older patch in one step; what it does
# not change itself goes back to the original.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
over=$(line /proc/version)
load p_cmdline1
load p_version
load p_mod
check "replace: two older patches live" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = suture-p1 ] && [ \"\$(cat /proc/version)\" = suture-version ]"
check "replace: a replace patch loads" load p_replace
check "replace: its function is live" is /proc/cmdline suture-replace
check "replace: a function only older patches changed is the original again" \
	is /proc/version "$over"
check "replace: the older patches are disabled" \
	sh -c "[ \$(cat $SYS/p_cmdline1/enabled) = 0 ] && [ \$(cat $SYS/p_version/enabled) = 0 ] && [ \$(cat $SYS/p_mod/enabled) = 0 ]"
insmod ./st_target.ko
check "replace: a module loaded afterwards gets nothing from a replaced patch" \
	sh -c "grep -q '^value=7 ' /proc/st_target"
check "replace: the stack holds only the replace patch" \
	sh -c "[ \"\$(cat $SYS/stack)\" = p_replace ]"
check "replace: the replaced modules can be removed" rmmod p_mod p_version p_cmdline1
check "replace: the replace patch can be disabled" disable p_replace
check "replace: the original is back" is /proc/cmdline "$orig"
rmmod p_replace
finish
