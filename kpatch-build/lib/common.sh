# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Messages and small helpers shared by livepatch-build's parts.

say() { echo "livepatch-build: $*" >&2; }
verbose() { [ "${VERBOSE:-0}" = 0 ] || say "$@"; }
die() {
	echo "livepatch-build: error: $*" >&2
	exit 1
}

# step MESSAGE: progress line with the time since the start of the run
step() {
	printf 'livepatch-build: [%3ds] %s\n' "$((SECONDS - ${T_START:-0}))" \
		"$*" >&2
}

# run_logged LOG CMD...: run CMD with its output in LOG; on failure show
# the end of LOG and fail
run_logged() {
	local log=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		sed 's/^/    /' "$log" | tail -n 40 >&2
		return 1
	fi
}
