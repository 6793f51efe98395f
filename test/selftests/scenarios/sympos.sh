# shellcheck shell=sh
# Two local functions named st_dup in one module: the patch picks one by
# position; no position for an ambiguous name is refused.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
insmod ./st_target.ko
check "sympos: unpatched values" \
	sh -c "grep -q 'dup1=1001 dup2=1002' /proc/st_target"
check "sympos: an ambiguous name without position is refused" \
	sh -c "! insmod ./p_sympos.ko pos=0 2>/dev/null"
check "sympos: the refusal names the symbol and the candidate count" \
	sh -c "dmesg | grep -q \"st_dup' is ambiguous in st_target: 2 symbols\""
check "sympos: a position beyond the candidates is refused" \
	sh -c "! insmod ./p_sympos.ko pos=3 2>/dev/null"
check "sympos: position 2 loads" load p_sympos pos=2
check "sympos: only the second st_dup is replaced" \
	sh -c "grep -q 'dup1=1001 dup2=2002' /proc/st_target"
disable p_sympos
rmmod p_sympos
load p_sympos pos=1
check "sympos: position 1 replaces only the first" \
	sh -c "grep -q 'dup1=2001 dup2=1002' /proc/st_target"
disable p_sympos
rmmod p_sympos
finish
