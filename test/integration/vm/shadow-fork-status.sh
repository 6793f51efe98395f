# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Shadow variables: copy_process attaches the forking task's pid to every
# new task, /proc/PID/status shows it (SutureParent) and the number of live
# shadows (SutureLive), do_exit frees them.  The unload runs forks: the
# patch drops a shadow a task left behind by exiting through the old
# do_exit (6.12 reused its task_struct at once: "Duplicate shadow variable").
live() { awk '/^SutureLive:/ { print $2 }' /proc/self/status; }

lp_load shadow_fork_status || fail "load"
sleep 30 &
p=$!
sp=$(awk '/^SutureParent:/ { print $2 }' /proc/$p/status)
pp=$(awk '/^PPid:/ { print $2 }' /proc/$p/status)
if [ -z "$sp" ] || [ "$sp" != "$pp" ]; then
	fail "child $p: SutureParent '$sp', PPid '$pp'"
fi
kill $p
wait $p 2>/dev/null
l0=$(live)
sleep 30 & a=$!
sleep 30 & b=$!
sleep 30 & c=$!
l1=$(live)
[ "$l1" -ge $((l0 + 3)) ] || fail "3 children: live shadows $l0 -> $l1"
kill $a $b $c
wait $a $b $c 2>/dev/null
l2=$(live)
[ "$l2" -le $((l1 - 3)) ] || fail "children exited: live shadows $l1 -> $l2"
lp_unload shadow_fork_status || fail "unload"
! grep -q Suture /proc/self/status || fail "Suture lines left after unload"
