# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317  # functions run in the background
# The stress scenario (runs in the VM, busybox sh; see README): N cycles of
# stacked and replace patches, alternating the per-task and stop models,
# while a fork storm runs, st_target is loaded and unloaded in a loop (one
# patch of each replace cycle patches it), every file of /sys/kernel/suture
# is read in a loop and a user task spins through the patched function
# (/proc/cmdline's cmdline_proc_show).  Afterwards nothing is left behind:
# no patch in /sys/kernel/suture, no ftrace op on a patched function, no
# reference on suture.ko (it unloads), /proc/cmdline the original.
# stress.conf (written by test/stress/run) sets CYCLES.
TAP_AREA=stress
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
CYCLES=1000
# shellcheck disable=SC1091
[ ! -f ./stress.conf ] || . ./stress.conf
TR=/sys/kernel/tracing/enabled_functions

stress_fail() {
	fail "$*"
	echo "$*" >>/tmp/failures
}

load_core
orig=$(line /proc/cmdline)
taint0=$(cat /proc/sys/kernel/tainted)
ftrace0=$(grep -cE 'cmdline_proc_show|st_target' "$TR" 2>/dev/null || true)
[ -r "$TR" ] || fail "$TR is readable (tracefs)"

# --- the load ---------------------------------------------------------------
stopped() { [ -e /tmp/stop ]; }
forker() {
	while ! stopped; do
		(:) &
		wait
	done
}
modloop() {
	n=0
	while ! stopped; do
		if insmod ./st_target.ko 2>/dev/null; then
			read -r v </proc/st_target || true
			case $v in
			value=7\ * | value=42\ *) ;;
			*) echo "st_target: $v" >>/tmp/bad ;;
			esac
			rmmod st_target 2>/dev/null || echo "rmmod st_target" >>/tmp/bad
			n=$((n + 1))
		fi
	done
	echo "$n" >/tmp/modloops
}
sysread() {
	n=0
	while ! stopped; do
		for f in "$SYS"/* "$SYS"/*/*; do
			[ -f "$f" ] && cat "$f" >/dev/null 2>&1
		done
		n=$((n + 1))
	done
	echo "$n" >/tmp/sysreads
}
# one task (this subshell, no fork per read) spinning through the
# patched function; any text no patch or the original gives is recorded
spinner() {
	n=0
	while ! stopped; do
		read -r l </proc/cmdline
		case $l in
		suture-p1 | suture-p2 | suture-replace) ;;
		*) [ "$l" = "$orig" ] || echo "cmdline: $l" >>/tmp/bad ;;
		esac
		n=$((n + 1))
	done
	echo "$n" >/tmp/spins
}
forker &
forker &
modloop &
sysread &
spinner &

# --- the cycles -------------------------------------------------------------
# cycle C: model per-task (1) for even C, stop (2) for odd; stacked for
# C/2 even, replace for C/2 odd (not "i": lib.sh's wait_idle uses it)
expect() {
	got=$(line /proc/cmdline)
	[ "$got" = "$1" ] || stress_fail "cycle $cyc ($what): /proc/cmdline is '$got', not '$1'"
}
ld() {
	load "$@" || stress_fail "cycle $cyc ($what): loading $1 $2 failed: $(cat "$SYS/$1/result" 2>/dev/null)"
}
off() {
	disable "$1" || stress_fail "cycle $cyc ($what): disabling $1 failed: $(cat "$SYS/$1/result" 2>/dev/null)"
	rmmod "$1" || stress_fail "cycle $cyc ($what): rmmod $1 failed"
}
cyc=0
t0=$(date +%s)
while [ "$cyc" -lt "$CYCLES" ] && [ ! -s /tmp/failures ]; do
	m=$((1 + cyc % 2))
	if [ $((cyc / 2 % 2)) = 0 ]; then
		what="stacked, model $m"
		ld p_cmdline1 model=$m
		ld p_cmdline2 model=$m
		expect suture-p2
		off p_cmdline2
		expect suture-p1
		off p_cmdline1
	else
		what="replace, model $m"
		ld p_cmdline1 model=$m
		ld p_mod model=$m
		ld p_replace model=$m
		expect suture-replace
		rmmod p_cmdline1 p_mod || stress_fail "cycle $cyc ($what): the replaced patches do not unload"
		off p_replace
	fi
	expect "$orig"
	cyc=$((cyc + 1))
	[ $((cyc % 10)) != 0 ] && [ "$cyc" != 1 ] || echo "# $cyc cycles ($(($(date +%s) - t0)) s)"
done
secs=$(($(date +%s) - t0))
touch /tmp/stop
wait
rmmod st_target 2>/dev/null
echo "# $cyc cycles in $secs s; under load: $(cat /tmp/modloops) st_target loads," \
	"$(cat /tmp/sysreads) sysfs sweeps, $(cat /tmp/spins) reads of /proc/cmdline"
all_cycles() { [ "$cyc" = "$CYCLES" ] && [ ! -s /tmp/failures ]; }
check "$cyc of $CYCLES cycles (stacked and replace, per-task and stop) completed" \
	all_cycles
# A failed cycle stops the run with its patches as the failure left
# them (a refused or timed-out change leaves the earlier ones live, as
# it should): take those off the normal way, top of the stack first, so
# the checks below tell a leak from that cycle's own leftovers.
if [ -s /tmp/failures ]; then
	for _ in 1 2 3 4 5 6; do
		top=$(tail -n 1 "$SYS/stack" 2>/dev/null)
		[ -n "$top" ] || break
		echo "# after the failure: disabling $top, left live by cycle $cyc"
		disable "$top" || echo "# disabling $top failed: $(cat "$SYS/$top/result" 2>/dev/null)"
	done
	awk '/^p_/ { print $1 }' /proc/modules | while read -r m; do
		echo "# after the failure: unloading $m"
		rmmod "$m" || echo "# rmmod $m failed"
	done
fi
load_ran() {
	[ "$(cat /tmp/modloops)" -gt 0 ] && [ "$(cat /tmp/sysreads)" -gt 0 ] &&
		[ "$(cat /tmp/spins)" -gt 0 ]
}
check "the load ran (st_target loaded/unloaded, sysfs read, the spinner read)" \
	load_ran
if [ -s /tmp/bad ]; then
	fail "the load saw only valid states" "$(sort /tmp/bad | uniq -c | head -n 5)"
else
	ok "the load saw only valid states (module values, /proc/cmdline texts)"
fi

# --- nothing left behind ----------------------------------------------------
left=$(find "$SYS" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | tr '\n' ' ')
check "no patch left in $SYS ($left)" [ -z "$left" ]
check "the stack is empty" [ -z "$(cat "$SYS/stack" 2>/dev/null)" ]
ftrace1=$(grep -cE 'cmdline_proc_show|st_target' "$TR" 2>/dev/null || true)
check "no ftrace op left on a patched function ($TR)" [ "$ftrace1" = "$ftrace0" ]
mods=$(grep -E '^(p_|st_target)' /proc/modules | cut -d' ' -f1 | tr '\n' ' ')
check "no patch or target module left loaded ($mods)" [ -z "$mods" ]
check "suture.ko holds no reference" is /sys/module/suture/refcnt 0
check "suture.ko unloads" rmmod suture
check "/proc/cmdline is the original" is /proc/cmdline "$orig"
# TAINT_LIVEPATCH (32768) is the only flag the patches may add
taint1=$(cat /proc/sys/kernel/tainted)
check "no taint but livepatch ($taint0 -> $taint1)" \
	[ $((taint1 & ~32768)) = $((taint0 & ~32768)) ]
finish
