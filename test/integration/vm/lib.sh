# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Helpers for the integration scenarios, sourced in the VM (busybox sh).
# Patches load with the livepatch CLI when it is there, else with insmod.

SYSFS=/sys/kernel/suture
# SUTURE_FORMAT=klp (test/klp/run): the modules are kernel livepatch ones
[ "${SUTURE_FORMAT:-suture}" != klp ] || SYSFS=/sys/kernel/livepatch

if ! command -v livepatch >/dev/null 2>&1; then
	insmod "/usr/lib/suture/$(uname -r)/suture.ko" 2>/dev/null
elif uname -v | grep -q PREEMPT_RT; then
	# PREEMPT_RT refuses the stop model unless told (selftests stop
	# tests the refusal); proc-version-banner is built with --model stop
	insmod "/usr/lib/suture/$(uname -r)/suture.ko" stop_on_preempt_rt=1
fi

# wait_transition NAME: until NAME's transition is over (30 s at most)
wait_transition() {
	i=0
	while [ "$(cat "$SYSFS/$1/transition" 2>/dev/null)" = 1 ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || return 1
		sleep 0.1
	done
}

# lp_load NAME [PARAM=VALUE...]: load NAME.ko, fully applied on return
lp_load() {
	name=$1
	shift
	if command -v livepatch >/dev/null 2>&1; then
		livepatch load -q "$name.ko" "$@"
	else
		insmod "$name.ko" "$@" && wait_transition "$name" &&
			[ "$(cat "$SYSFS/$name/enabled")" = 1 ]
	fi
}

# lp_unload NAME: disable NAME and remove its module
lp_unload() {
	if command -v livepatch >/dev/null 2>&1; then
		livepatch unload -q "$1"
	else
		if [ "$(cat "$SYSFS/$1/enabled" 2>/dev/null)" = 1 ]; then
			echo 0 >"$SYSFS/$1/enabled" || return 1
			wait_transition "$1" || return 1
		fi
		rmmod "$1"
	fi
}

# func_live OBJ FUNC: an enabled patch replaces FUNC (any position) of OBJ
# (vmlinux or a module): for a scenario whose change has no behaviour a
# shell can see, the Patched/Unpatched checks ask the core (suture:
# <patch>/<obj>/<func,pos>/patched; klp: the function's directory under
# an enabled patch)
func_live() {
	for d in "$SYSFS"/*/"$1"/"$2",*; do
		[ -d "$d" ] || continue
		p=$(dirname "$(dirname "$d")")
		[ "$(cat "$p/enabled" 2>/dev/null)" = 1 ] || continue
		[ "$SYSFS" != /sys/kernel/suture ] && return 0
		[ "$(cat "$d/patched" 2>/dev/null)" = 1 ] && return 0
	done
	return 1
}

# lp_cleanup: unload every patch still there (after a failed scenario)
lp_cleanup() {
	for d in "$SYSFS"/*/; do
		[ -f "$d/enabled" ] || continue
		n=$(basename "$d")
		lp_unload "$n" >/dev/null 2>&1 || rmmod "$n" 2>/dev/null
	done
}

# fail WHY: end the current (sub-shell) scenario with a reason
fail() {
	echo "RESULT $SCEN fail: $*"
	exit 1
}

# run_default NAME MOD: check Unpatched, load, Patched, unload, Unpatched
run_default() {
	echo "BEGIN $1"
	(
		SCEN=$1
		"unpatched_$2" || fail "before loading, the Unpatched check is false"
		lp_load "$2" || fail "loading $2.ko failed"
		"patched_$2" || fail "while loaded, the Patched check is false"
		lp_unload "$2" || fail "unloading $2 failed"
		"unpatched_$2" || fail "after unloading, the Unpatched check is false"
		echo "RESULT $1 ok"
	)
	lp_cleanup
}

# run_custom NAME: ./NAME.sh does the checks (with fail)
run_custom() {
	echo "BEGIN $1"
	(
		SCEN=$1
		set -x
		# shellcheck disable=SC1090 # the scenario script
		. "./$1.sh"
		set +x
		echo "RESULT $1 ok"
	) 2>&1
	lp_cleanup
}
