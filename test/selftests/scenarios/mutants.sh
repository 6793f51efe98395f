# shellcheck shell=sh
# Corrupted patch modules: p_mutant.ko with mutant=N registers its records
# corrupted in one way (see modules/p_mutant.c).  Every mutant is refused,
# suture.ko says why, and the kernel is left as it was: no patch listed,
# the function not redirected, the taint flags unchanged.
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
orig=$(line /proc/cmdline)
check "mutants: the unmutated patch loads" load p_mutant mutant=0
check "mutants: and works" is /proc/cmdline suture-mutant
count=$(cat /sys/module/p_mutant/parameters/count)
# disabled, its transition over (a fixed sleep was too short on RT,
# where only the per-task model runs), then removed
# shellcheck disable=SC2317 # run by check
unload_mutant() { disable p_mutant && rmmod p_mutant; }
check "mutants: the unmutated patch unloads" unload_mutant
wait_idle p_mutant
rmmod p_mutant 2>/dev/null
taint=$(cat /proc/sys/kernel/tainted)
m=1
refused=0
while [ "$m" -lt "$count" ]; do
	dmesg -c >/dev/null
	desc=
	if insmod ./p_mutant.ko mutant=$m 2>/dev/null; then
		loaded=1
	else
		loaded=0
	fi
	desc=$(dmesg | sed -n "s/.*p_mutant: mutant $m: //p" | head -n 1)
	why=$(dmesg | sed -n 's/.*suture: p_mutant: //p' | head -n 1)
	if [ "$loaded" = 1 ]; then
		fail "mutants: $m ($desc) is refused" "it loaded"
		echo 0 >"$SYS/p_mutant/enabled"
		wait_idle p_mutant
		rmmod p_mutant
	elif [ -z "$why" ]; then
		fail "mutants: $m ($desc) is refused with a message from suture" \
			"$(dmesg | tail -n 5)"
	elif [ -e "$SYS/p_mutant" ] || [ "$(line /proc/cmdline)" != "$orig" ] ||
		[ "$(cat /proc/sys/kernel/tainted)" != "$taint" ]; then
		fail "mutants: $m ($desc) leaves the kernel unchanged" "$why"
	else
		ok "mutants: $m ($desc) refused: $why"
		refused=$((refused + 1))
	fi
	m=$((m + 1))
done
echo "# $((count - 1)) mutants ran, $refused refused cleanly"
# p_mutant's count parameter sets how many run: a broken count must not
# make this scenario pass with none
check "mutants: at least 40 mutants ran ($((count - 1)))" [ "$((count - 1))" -ge 40 ]
check "mutants: every one refused cleanly ($refused of $((count - 1)))" \
	[ "$refused" = $((count - 1)) ]
check "mutants: the unmutated patch still loads afterwards" load p_mutant mutant=0
check "mutants: and unloads" disable p_mutant
rmmod p_mutant
finish
