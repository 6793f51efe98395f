# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Helpers of the benchmarks' VM scripts (added to the VM's working
# directory by bench/consistency and bench/stop-pause).
# shellcheck disable=SC2034  # used by the scripts that source this
KREL=$(uname -r)
SYS=/sys/kernel/suture

wait_attr() { # PATCH ATTR VALUE TENTHS
	_n=$4
	while [ "$_n" -gt 0 ]; do
		[ "$(cat "$SYS/$1/$2" 2>/dev/null)" = "$3" ] && return 0
		usleep 100000
		_n=$((_n - 1))
	done
	echo "bench: $1: $2 never became $3" >&2
	return 1
}
