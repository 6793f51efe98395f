# shellcheck shell=sh
# Helpers for the scenario scripts; they run inside the VM (busybox sh),
# in the directory that holds the test modules.
set -u
FAILED=0
SYS=/sys/kernel/suture
# the TAP prefix: "core" unless the sourcing scenario sets another
TAP_AREA=${TAP_AREA:-core}

ok() { echo "ok - $TAP_AREA: $*"; }
fail() {
	echo "not ok - $TAP_AREA: $1"
	shift
	for l in "$@"; do echo "#   $l"; done
	FAILED=$((FAILED + 1))
}
# check NAME CMD...: ok when CMD succeeds
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "failed: $*"; fi
}

load_core() {
	insmod "/usr/lib/suture/$(uname -r)/suture.ko" || {
		fail "suture.ko loads"
		exit 1
	}
}

# wait_idle PATCH: until PATCH's transition is over (max 30 s)
wait_idle() {
	i=0
	while [ "$(cat "$SYS/$1/transition" 2>/dev/null)" = 1 ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || return 1
		sleep 0.1
	done
}

# load PATCH [PARAM...]: insmod PATCH.ko and wait for its transition
load() {
	p=$1
	shift
	insmod "./$p.ko" "$@" && wait_idle "$p"
}

# disable PATCH: write 0 to enabled, wait, check it is disabled
disable() {
	echo 0 >"$SYS/$1/enabled" && wait_idle "$1" &&
		[ "$(cat "$SYS/$1/enabled")" = 0 ]
}

# first line of a file without forking
line() {
	read -r l <"$1"
	echo "$l"
}

is() { [ "$(line "$1")" = "$2" ]; }

# finish: exit status of the scenario
finish() { exit "$FAILED"; }
