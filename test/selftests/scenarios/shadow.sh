# shellcheck shell=sh
# Shadow variables: the scenarios of the kernel's shadow-variable selftest,
# and a variable that outlives the module that attached it.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
dmesg -c >/dev/null
insmod ./st_shadow.ko phase=checks && rmmod st_shadow
insmod ./st_shadow.ko phase=leave && rmmod st_shadow
insmod ./st_shadow.ko phase=takeover && rmmod st_shadow
out=$(dmesg | sed -n 's/^.*\] \(\(not \)\{0,1\}ok - core: shadow: .*\)$/\1/p')
echo "$out"
n=$(echo "$out" | grep -c '^ok -' || true)
check "shadow: all 13 checks ran" [ "$n" = 13 ]
FAILED=$((FAILED + $(echo "$out" | grep -c '^not ok' || true)))
finish
