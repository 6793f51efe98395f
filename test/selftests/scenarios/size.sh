# shellcheck shell=sh
# The size recorded in a patch is checked against the running kernel
# before anything changes.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
# extent of cmdline_proc_show: distance to the next symbol in kallsyms
ext=$(awk '$3 == "cmdline_proc_show" { a = $1; next }
	a != "" && $1 != a { print a, $1; exit }' /proc/kallsyms | {
	read -r a b
	echo $(((0x${b#????????}) - (0x${a#????????})))
})
echo "# cmdline_proc_show spans $ext bytes"
check "size: a recorded size equal to the running extent is accepted" \
	load p_bad mode=size size="$ext"
check "size: ... and the patch is applied" is /proc/cmdline suture-bad
disable p_bad
rmmod p_bad
dmesg -c >/dev/null
check "size: a recorded size larger than the running function is refused" \
	sh -c "! insmod ./p_bad.ko mode=size size=$((ext + 16)) 2>/dev/null"
check "size: the refusal names the function and both sizes" \
	sh -c "dmesg | grep -q 'size mismatch for cmdline_proc_show,0 in vmlinux.* $((ext + 16)) bytes, the running one spans $ext'"
check "size: a much smaller recorded size is refused" \
	sh -c "! insmod ./p_bad.ko mode=size size=$((ext / 2 - 16)) 2>/dev/null"
check "size: nothing changed: /proc/cmdline and sysfs as before" \
	sh -c "[ \"\$(cat /proc/cmdline)\" = \"$orig\" ] && [ ! -e $SYS/p_bad ]"
cbs=$(dmesg | grep -c 'suture-cb: p_bad' || true)
check "size: no callback ran for a refused size" [ "$cbs" = 0 ]
finish
