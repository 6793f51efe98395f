# shellcheck shell=sh
# A patch for a module loaded after it: applied when the module loads
# (before its init), let go when it unloads, applied again on reload.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
check "module: patch for a module not loaded yet loads" load p_mod
check "module: its object is marked not loaded" \
	sh -c "[ \$(cat $SYS/p_mod/st_target/loaded) = 0 ] && [ \$(cat $SYS/p_mod/st_target/st_target_value,1/patched) = 0 ]"
dmesg -c >/dev/null
insmod ./st_target.ko
check "module: the module is patched as it loads" \
	sh -c "grep -q '^value=42 ' /proc/st_target"
check "module: patched before its init ran (init saw the new version)" \
	sh -c "grep -q ' init=42\$' /proc/st_target"
addr=$(cat /sys/module/p_mod/parameters/st_base_addr)
check "module: a relocation to the module's static variable was applied as it loaded (value 7 + 35 read through it)" \
	sh -c "[ -n '$addr' ] && [ '$addr' != 0 ]"
check "module: object loaded, function patched in sysfs" \
	sh -c "[ \$(cat $SYS/p_mod/st_target/loaded) = 1 ] && [ \$(cat $SYS/p_mod/st_target/st_target_value,1/patched) = 1 ]"
cbs=$(dmesg | sed -n 's/.*suture-cb: p_mod //p' | tr '\n' ',')
check "module: pre_patch then post_patch ran for the module as it came" \
	[ "$cbs" = "st_target pre_patch,st_target post_patch," ]
dmesg -c >/dev/null
rmmod st_target
cbs=$(dmesg | sed -n 's/.*suture-cb: p_mod //p' | tr '\n' ',')
check "module: pre_unpatch then post_unpatch ran as it went" \
	[ "$cbs" = "st_target pre_unpatch,st_target post_unpatch," ]
check "module: the relocation is zeroed when the module goes" \
	[ "$(cat /sys/module/p_mod/parameters/st_base_addr)" = 0 ]
check "module: object marked unloaded after rmmod" \
	sh -c "[ \$(cat $SYS/p_mod/st_target/loaded) = 0 ]"
insmod ./st_target.ko
check "module: reloaded module is patched again" \
	sh -c "grep -q '^value=42 ' /proc/st_target"
check "module: disabling the patch unpatches the live module" disable p_mod
check "module: original function back" sh -c "grep -q '^value=7 ' /proc/st_target"
rmmod p_mod
rmmod st_target
finish
