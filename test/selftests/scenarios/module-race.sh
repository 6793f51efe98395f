# shellcheck shell=sh
# A patch enabled while its target module is half loaded: the module is in
# MODULE_STATE_COMING but suture.ko's notifier has not seen it yet (held
# here in the kernel's klp_module_coming() by a kernel livepatch whose
# pre_patch callback sleeps with klp_mutex held).  The enable must leave
# the module to the notifier, which patches it oldest patch first: the
# newest patch runs on top.  (Attached early, the older patch ended on top.)
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
check "module-race: p_mod (42) loads" load p_mod
check "module-race: p_mod2 (43) loads without registering" \
	insmod ./p_mod2.ko defer=1
insmod ./klp_hold.ko hold_ms=5000 &
hold=$!
sleep 1
insmod ./st_target.ko &
target=$!
sleep 1
check "module-race: st_target is held half loaded" \
	sh -c "grep -q '^st_target .* Loading ' /proc/modules"
echo 1 >/sys/module/p_mod2/parameters/register
check "module-race: p_mod2 registers while st_target is coming" \
	wait_idle p_mod2
check "module-race: st_target finishes loading" wait "$target"
wait "$hold"
echo "# $(cat /proc/st_target)"
check "module-race: the newest patch (p_mod2) runs on the module" \
	sh -c "grep -q '^value=43 ' /proc/st_target"
check "module-race: patched before its init ran, newest on top" \
	sh -c "grep -q ' init=43\$' /proc/st_target"
check "module-race: p_mod2 disables" disable p_mod2
check "module-race: then p_mod's version runs" \
	sh -c "grep -q '^value=42 ' /proc/st_target"
check "module-race: p_mod disables" disable p_mod
check "module-race: the original is back" \
	sh -c "grep -q '^value=7 ' /proc/st_target"
echo 0 >/sys/kernel/livepatch/klp_hold/enabled
i=0
while [ -e /sys/kernel/livepatch/klp_hold ] && [ $i -lt 300 ]; do
	i=$((i + 1))
	sleep 0.1
done
check "module-race: the modules unload" rmmod p_mod2 p_mod st_target klp_hold
finish
