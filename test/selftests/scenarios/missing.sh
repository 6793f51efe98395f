# shellcheck shell=sh
# A patch naming a symbol the kernel does not have is refused, the error
# names the symbol, and nothing changes (its other function stays original).
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
dmesg -c >/dev/null
check "missing: a patch with a missing symbol is refused" \
	sh -c "! insmod ./p_bad.ko mode=missing 2>/dev/null"
check "missing: the error names the symbol" \
	sh -c "dmesg | grep -q \"function 'suture_selftest_missing_fn' not found in vmlinux\""
check "missing: its resolvable function was not redirected" \
	is /proc/cmdline "$orig"
check "missing: no sysfs directory is left" sh -c "[ ! -e $SYS/p_bad ]"
check "missing: the same patch without the bad symbol loads" \
	load p_bad mode=size size=0
check "missing: and works" is /proc/cmdline suture-bad
disable p_bad
rmmod p_bad
finish
