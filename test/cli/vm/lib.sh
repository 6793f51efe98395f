# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for the CLI scenarios that run inside the VM (busybox sh).
# Each scenario prints TAP lines "ok - cli: ..." and ends with "#done NAME".
#   run CMD...      run CMD, keep its output (stdout+stderr) in $out and
#                   its status in $rc
#   rc_is N         $rc is N ("nz": any non-zero)
#   out_has RE      $out matches the extended regex RE
#   verdict NAME    ok/not ok from the status of the previous command;
#                   on failure, $out is printed as diagnostics
# shellcheck disable=SC2034 # used by the scenarios
REL=$(uname -r)
SYSFS=/sys/kernel/suture
STATE=/var/lib/suture
out=
rc=0

run() {
	out=$("$@" 2>&1)
	rc=$?
}

rc_is() {
	if [ "$1" = nz ]; then
		[ "$rc" -ne 0 ]
	else
		[ "$rc" -eq "$1" ]
	fi
}

out_has() {
	printf '%s\n' "$out" | grep -Eq -- "$1"
}

# out_has_text TEXT: the output holds TEXT as it is (a release or a path:
# "+" and "." are no regex there)
out_has_text() {
	printf '%s\n' "$out" | grep -Fq -- "$1"
}

verdict() {
	if [ $? -eq 0 ]; then
		echo "ok - cli: $1"
	else
		echo "not ok - cli: $1"
		printf 'rc=%s\n%s\n' "$rc" "$out" | tail -n 30 | sed 's/^/#   /'
	fi
}

cmdline_is() {
	[ "$(cat /proc/cmdline)" = "$1" ]
}

cmdline_orig() {
	! grep -q '^suture-cli' /proc/cmdline
}

stack_is() {
	[ "$(tr '\n' ' ' <"$SYSFS/stack" 2>/dev/null)" = "$1" ]
}

module_loaded() {
	grep -q "^$1 " /proc/modules
}

# stop_on_rt: a check of the stop model opts in to it on PREEMPT_RT, where
# suture.ko (loaded) refuses the model by default; a no-op elsewhere
stop_on_rt() {
	if uname -v | grep -q PREEMPT_RT; then
		echo 1 >/sys/module/suture/parameters/stop_on_preempt_rt
	fi
}

no_patches() {
	[ -z "$(ls -d "$SYSFS/"*/ 2>/dev/null)" ] && ! grep -q '^cli_' /proc/modules
}

# A JSON document for the host to validate: "#json TAG <json>".
emit_json() {
	echo "#json $1 $(printf '%s' "$2" | tr -d '\n')"
}
