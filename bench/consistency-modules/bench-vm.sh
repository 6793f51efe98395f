#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/consistency, inside the VM: prints "figure NAME VALUE" lines that
# bench/consistency formats.  Modules are in the working directory.
set -u
# shellcheck source=bench/consistency-modules/vm-lib.sh
. ./vm-lib.sh

# last_us PATCH: duration of the last transition of PATCH, from the log
last_us() {
	dmesg | sed -n "s/.*'$1': transition finished in \([0-9]*\) us.*/\1/p" |
		tail -n 1
}

last_pause() {
	dmesg | sed -n "s/.*'$1': stop_machine switched .* pause \([0-9]*\) ns.*/\1/p" |
		tail -n 1
}

last_check() {
	dmesg | sed -n "s/.*'$1': stop_machine switched \([0-9]*\) tasks.*stack checks \([0-9]*\) ns.*/\2 \1/p" |
		tail -n 1
}

cycle() { # PATCH ARGS...: load, wait, print, unload
	_p=$1
	shift
	insmod "./$_p.ko" "$@" || return 1
	wait_attr "$_p" transition 0 1200 || return 1
	en=$(last_us "$_p")
	echo 0 >"$SYS/$_p/enabled"
	wait_attr "$_p" transition 0 1200 || return 1
	dis=$(last_us "$_p")
	rmmod "$_p"
}

sleepers() { # N: start N sleeping processes
	_i=0
	while [ "$_i" -lt "$1" ]; do
		sleep 3600 &
		PIDS="$PIDS $!"
		_i=$((_i + 1))
	done
}

PIDS=
insmod "/usr/lib/suture/$KREL/suture.ko"
insmod ./cons_target.ko
insmod ./cons_bench.ko

base=$(ps | wc -l)
echo "figure tasks_base $base"
cycle cons_patch_a && echo "figure pertask_base_us $en" &&
	echo "figure pertask_base_unpatch_us $dis"

sleepers 100
cycle cons_patch_a && echo "figure pertask_100_us $en"
sleepers 900
echo "figure tasks_1000 $(ps | wc -l)"
cycle cons_patch_a && echo "figure pertask_1000_us $en" &&
	echo "figure pertask_1000_unpatch_us $dis"
echo spin >/proc/cons_target
cycle cons_patch_a && echo "figure pertask_1000_load_us $en"
cycle cons_patch_a model=stop && echo "figure stop_1000_load_us $en"
echo unspin >/proc/cons_target
cycle cons_patch_a model=stop && echo "figure stop_1000_us $en"
# shellcheck disable=SC2086
kill $PIDS 2>/dev/null
wait 2>/dev/null

echo "stop 50" >/proc/cons_bench
echo "figure stop_empty_avg_ns $(sed -n 's/^stop_empty_avg_ns //p' /proc/cons_bench)"
echo "figure stop_empty_min_ns $(sed -n 's/^stop_empty_min_ns //p' /proc/cons_bench)"
for p in cons_bench_p1 cons_bench_p100; do
	sum=0
	min=
	for _ in 1 2 3 4 5; do
		insmod ./$p.ko model=stop
		wait_attr $p transition 0 1200
		ns=$(last_pause $p)
		# shellcheck disable=SC2046  # two numbers
		set -- $(last_check $p)
		csum=$((${csum:-0} + $1))
		ntasks=$2
		sum=$((sum + ns))
		if [ -z "$min" ] || [ "$ns" -lt "$min" ]; then min=$ns; fi
		echo 0 >"$SYS/$p/enabled"
		wait_attr $p transition 0 1200
		rmmod $p
	done
	echo "figure ${p}_pause_avg_ns $((sum / 5))"
	echo "figure ${p}_pause_min_ns $min"
	echo "figure ${p}_check_avg_ns $((csum / 5))"
	echo "figure ${p}_tasks $ntasks"
	csum=0
done

N=200000
call() { echo "call $N" >/proc/cons_bench; sed -n 's/^call_ns //p' /proc/cons_bench; }
echo "figure call_unpatched_ns $(call)"
echo block >/proc/cons_target
sleep 1
insmod ./cons_bench_pcall.ko
wait_attr cons_bench_pcall pending 1 600
echo "figure call_during_ns $(call)"
echo "figure call_during_pending $(cat $SYS/cons_bench_pcall/pending)"
echo release >/proc/cons_target
wait_attr cons_bench_pcall transition 0 600
echo "figure call_after_ns $(call)"
echo 0 >"$SYS/cons_bench_pcall/enabled"
wait_attr cons_bench_pcall transition 0 600
rmmod cons_bench_pcall
echo "figure done 1"
