# SPDX-License-Identifier: GPL-2.0
# Scenario: load and unload patches: suture.ko loaded on demand, waiting for
# the transition, stacking, --model/--timeout, list/info (+ --json), unload
# order, unload --all, and a transition that cannot finish.
. ./lib.sh
# STUCK=skip when the core has no consistency engine yet (set by ../run).
if [ -f env.sh ]; then
	# shellcheck source=/dev/null
	. ./env.sh
fi

run livepatch list
rc_is 0 && out_has 'no patches loaded' && ! module_loaded suture
verdict "list works before the core is loaded"

run livepatch load cli_a.ko
rc_is 0 && out_has 'cli_a: applied' && module_loaded suture &&
	cmdline_is suture-cli-a && [ "$(cat "$SYSFS/cli_a/enabled")" = 1 ] &&
	[ "$(cat "$SYSFS/cli_a/transition")" = 0 ]
verdict "load: loads suture.ko on demand, applies the patch, exit 0 when fully applied"

stop_on_rt # cli_b and cli_stuck use the stop model
run livepatch load cli_b.ko --timeout 20 --model stop
rc_is 0 && cmdline_is suture-cli-b && [ "$(cat "$SYSFS/cli_b/model")" = stop ] &&
	[ "$(cat "$SYSFS/cli_b/timeout")" = 20 ] && stack_is "cli_a cli_b "
verdict "load: --model/--timeout after the operand reach the patch; patches stack"

run livepatch list
rc_is 0 && out_has '^cli_a +enabled +per-task +1 ' &&
	out_has '^cli_b +enabled +stop +2 ' &&
	[ "$(printf '%s\n' "$out" | grep -n cli_a | cut -d: -f1)" -lt \
		"$(printf '%s\n' "$out" | grep -n cli_b | cut -d: -f1)" ]
verdict "list: loaded patches in stack order with state and model"

run livepatch list --json
rc_is 0
verdict "list --json exits 0"
emit_json list-loaded "$out"

run livepatch info cli_a
rc_is 0 && out_has '^state: +enabled' && out_has '^model: +per-task' &&
	out_has '^  vmlinux \(loaded\)' &&
	out_has '^    cmdline_proc_show,[0-9]+ +patched' &&
	out_has '^transition: +none'
verdict "info: state, model, objects, functions and transition"

run livepatch --json info cli_b
rc_is 0
verdict "info --json (option before the command) exits 0"
emit_json info-loaded "$out"
out_has '"mode": *"direct"'
verdict "info --json: the top patch's function is called directly (mode)"

run livepatch info cli_b
rc_is 0 && out_has '^    cmdline_proc_show,[0-9]+ +patched, direct$'
verdict "info: mode of each function (direct once the transition is over)"
run livepatch info cli_a
rc_is 0 && out_has '^    cmdline_proc_show,[0-9]+ +patched, superseded$'
verdict "info: an older patch's version of the same function is superseded"

run livepatch unload cli_a
rc_is 1 && out_has 'unload out of order: cli_b is on top' &&
	[ "$(cat "$SYSFS/cli_a/enabled")" = 1 ] && cmdline_is suture-cli-b
verdict "unload out of order is refused, naming the patch on top; nothing changes"

run livepatch unload cli_b
rc_is 0 && out_has 'cli_b: removed' && ! module_loaded cli_b &&
	[ ! -d "$SYSFS/cli_b" ] && cmdline_is suture-cli-a && stack_is "cli_a "
verdict "unload: disables, waits, unloads the module; the older patch is live again"

run livepatch unload cli_b
rc_is 1 && out_has 'cli_b is not loaded'
verdict "unload of a patch that is not loaded fails clearly"

livepatch -q load cli_b.ko >/dev/null 2>&1
run livepatch unload --all
rc_is 0 && no_patches && cmdline_orig && stack_is ""
verdict "unload --all removes every patch, newest first"

run livepatch unload --all
rc_is 0 && out_has 'no patches loaded'
verdict "unload --all with nothing loaded succeeds"

# A kthread that never leaves the patched function blocks the transition.
insmod cli_victim.ko
if [ "${STUCK:-run}" = skip ]; then
	echo "ok - cli: load: a blocked transition is reported and reversed # SKIP the core uses the immediate-switch stand-in (no consistency engine)"
else
	start=$(date +%s)
	run livepatch load cli_stuck.ko --timeout 3
	end=$(date +%s)
	rc_is 1 && out_has 'blocking the transition' &&
		out_has 'cli_stuck: applying: tasks left: [0-9]+' &&
		out_has '[0-9]+ cli_victim cli_victim_loop\+0x' &&
		out_has 'kernel is unchanged' && ! module_loaded cli_stuck &&
		[ ! -d "$SYSFS/cli_stuck" ] && [ $((end - start)) -lt 30 ]
	verdict "load: a blocked transition shows tasks left, times out, names the blocking task and where, reverses, exit 1"

	run livepatch load cli_stuck.ko --model stop --timeout 3
	rc_is 1 && out_has 'cli_victim_loop' && out_has 'kernel is unchanged' &&
		! module_loaded cli_stuck
	verdict "load --model stop: a blocked stop_machine transition reports the stack check, reverses, exit 1"

	livepatch load cli_stuck.ko --timeout 120 >int.out 2>&1 &
	pid=$!
	sleep 3
	run livepatch info cli_stuck
	rc_is 0 && out_has '^transition: applying, [0-9]+ tasks left' &&
		out_has '^blocking tasks \(PID COMM WHERE\):' &&
		out_has '^  [0-9]+ cli_victim cli_victim_loop\+0x'
	verdict "info: during a transition: tasks left and the blocking task with its frame"
	kill -TERM $pid
	wait $pid
	rc=$?
	out=$(cat int.out)
	rc_is 1 && out_has 'cli_stuck: interrupted' && out_has 'kernel is unchanged' &&
		! module_loaded cli_stuck && [ ! -d "$SYSFS/cli_stuck" ]
	verdict "load: interrupted (SIGTERM) while waiting, it reverses and unloads, exit 1"
fi
rmmod cli_victim

# The same patch applied before the victim module comes: its kthread then
# runs the new function forever, so the way back is blocked.
if [ "${STUCK:-run}" = skip ]; then
	echo "ok - cli: unload: a blocked transition back is reported; the patch stays # SKIP no consistency engine"
else
	livepatch -q load cli_stuck.ko
	run livepatch info cli_stuck
	rc_is 0 && out_has '^  cli_victim \(not loaded\)' &&
		out_has '^    cli_victim_loop,[0-9]+ +not patched'
	verdict "info: a patch for a module not loaded yet shows the object as not loaded"
	insmod cli_victim.ko
	sleep 1
	run livepatch info cli_stuck
	rc_is 0 && out_has '^  cli_victim \(loaded\)' &&
		out_has '^    cli_victim_loop,[0-9]+ +patched'
	verdict "info: once the module comes, its functions are patched"
	sleep 1
	run livepatch unload cli_stuck --timeout 3
	rc_is 1 && out_has '[0-9]+ cli_victim new_cli_victim_loop\+0x' &&
		out_has 'stays applied' && module_loaded cli_stuck &&
		[ "$(cat "$SYSFS/cli_stuck/enabled")" = 1 ] &&
		[ "$(cat "$SYSFS/cli_stuck/transition")" = 0 ]
	verdict "unload: a blocked transition back names the task and where, is reversed, exit 1"
	rmmod cli_victim
	run livepatch unload cli_stuck
	rc_is 0 && ! module_loaded cli_stuck
	verdict "unload succeeds once the blocking task is gone"
fi

run livepatch list
rc_is 0 && out_has 'no patches loaded' && no_patches
verdict "after everything, no patch is left behind"
echo "#done load-unload"
