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
check "replace: sysfs replace reads 0 for a patch that is not one" \
	is "$SYS/p_cmdline1/replace" 0
check "replace: a replace patch loads" load p_replace
check "replace: sysfs replace reads 1 for it" is "$SYS/p_replace/replace" 1
check "replace: its function is live" is /proc/cmdline suture-replace
check "replace: a function only older patches changed is the original again" \
	is /proc/version "$over"
check "replace: its function is called directly once it completed" \
	sh -c "[ \"\$(cat $SYS/p_replace/vmlinux/cmdline_proc_show,1/mode)\" = direct ]"
check "replace: the function only older patches changed is not patched" \
	sh -c "[ \"\$(cat $SYS/p_version/vmlinux/version_proc_show,1/mode)\" = none ]"
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

# The replaced patch's unpatch callbacks never run, also not later when
# the module it patched unloads (the replacing patch owns its state now).
cbs() { dmesg | sed -n "s/.*suture-cb: $1 //p" | tr '\n' ','; }
load p_mod
check "replace: p_mod patched the loaded st_target" \
	sh -c "grep -q '^value=42 ' /proc/st_target"
dmesg -c >/dev/null
check "replace: a replace patch loads over p_mod" load p_replace
check "replace: no callback of the replaced patch ran" [ -z "$(cbs p_mod)" ]
rmmod st_target
check "replace: the patched module unloads; the replaced patch's unpatch callbacks still do not run" \
	[ -z "$(cbs p_mod)" ]
check "replace: the replaced module can be removed" rmmod p_mod
disable p_replace
rmmod p_replace
check "replace: suture.ko unloads after its functions were called directly" \
	rmmod suture
finish
