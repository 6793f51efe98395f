#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The emulator problem test/vm/run avoids with one TCG thread, shown with
# stock ftrace only (no Suture): both vCPUs run cons_target_hot() in a loop
# (test/consistency/modules/cons_target.ko, "spin") while the function
# tracer on it is turned on and off N times (default 150).  With
# multi-threaded TCG (SUTURE_VM_ACCEL=tcg) the guest locked up within
# 100-250 toggles (soft lockup on both CPUs); with one TCG thread it ran
# clean.  About 2 s a toggle under TCG: give test/vm/run --timeout 900.
insmod ./cons_target.ko || exit 1
echo spin >/proc/cons_target
T=/sys/kernel/tracing
echo cons_target_hot >$T/set_ftrace_filter || exit 1
i=0
while [ $i -lt "${N:-150}" ]; do
	echo function >$T/current_tracer
	echo nop >$T/current_tracer
	i=$((i + 1))
	[ $((i % 25)) -ne 0 ] || echo "# $i toggles $(date +%s)"
done
echo unspin >/proc/cons_target
echo "ok - qemu-smc: $i toggles of the function tracer on a function both vCPUs run"
