# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# 6.12: vmlinux has three s_show (arch/x86/kernel/cpu/mce/severity.c,
# kernel/kallsyms.c, kernel/trace/trace.c); the patch must replace
# kallsyms.c's, the one beside bpf_iter_ksym_seq_stop in this kernel's
# kallsyms: /proc/kallsyms keeps its format and length, the other
# users of a function named s_show (the trace file) keep working
M=mm_vmalloc_duplicate_name_sympos
pos=$(rw_sympos /proc/kallsyms s_show bpf_iter_ksym_seq_stop) ||
	fail "no s_show beside bpf_iter_ksym_seq_stop in /proc/kallsyms"
n_before=$(grep -c . /proc/kallsyms)
rw_load $M
rw_patched $M vmlinux "s_show,$pos"
grep -q ' T _printk$' /proc/kallsyms || fail "/proc/kallsyms broken while patched"
[ "$(grep -c . /proc/kallsyms)" -ge "$n_before" ] || fail "/proc/kallsyms shorter"
if [ -r /sys/kernel/tracing/trace ]; then
	head -n 3 /sys/kernel/tracing/trace | grep -q '^# tracer' ||
		fail "trace file: $(head -n 3 /sys/kernel/tracing/trace)"
fi
grep -q ' pages=[0-9]* vmalloc' /proc/vmallocinfo || fail "vmallocinfo: $(head -n 3 /proc/vmallocinfo)"
rw_unload $M
grep -q ' T _printk$' /proc/kallsyms || fail "/proc/kallsyms after unloading"
