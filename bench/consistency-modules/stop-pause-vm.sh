#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/stop-pause, inside the VM: the stop model's stop_machine pause
# against the number of threads (sleeping kthreads of cons_bench), with the
# pause limit off; prints "figure NAME VALUE" lines.
set -u
# shellcheck source=bench/consistency-modules/vm-lib.sh
. ./vm-lib.sh

# the last switch of PATCH: "TASKS PAUSE_NS CHECKS_NS PRESCAN_NS"
last_switch() {
	dmesg | sed -n "s/.*'$1': stop_machine switched \([0-9]*\) tasks at once, pause \([0-9]*\) ns (stack checks \([0-9]*\) ns; pre-scan estimate \([0-9]*\) ns).*/\1 \2 \3 \4/p" |
		tail -n 1
}

insmod "/usr/lib/suture/$KREL/suture.ko"
insmod ./cons_bench.ko
echo 0 >/sys/module/suture/parameters/stop_max_pause_ms
for n in 0 500 1000 2000 4000; do
	echo "threads $n" >/proc/cons_bench
	best=
	for _ in 1 2 3; do
		insmod ./cons_bench_p1.ko model=stop || break
		wait_attr cons_bench_p1 transition 0 1200 || break
		# shellcheck disable=SC2046  # four numbers
		set -- $(last_switch cons_bench_p1)
		if [ -z "$best" ] || [ "$2" -lt "$best" ]; then
			best=$2
			tasks=$1 checks=$3 est=$4
		fi
		echo 0 >"$SYS/cons_bench_p1/enabled"
		wait_attr cons_bench_p1 transition 0 1200 || break
		rmmod cons_bench_p1
	done
	echo "figure stop_threads_${n}_tasks $tasks"
	echo "figure stop_threads_${n}_pause_ns $best"
	echo "figure stop_threads_${n}_check_ns $checks"
	echo "figure stop_threads_${n}_est_ns $est"
done
echo "threads 0" >/proc/cons_bench
echo "figure done 1"
