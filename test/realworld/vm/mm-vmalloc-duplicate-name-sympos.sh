# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# vmlinux has four s_show (generic; cloud has no mce/severity.c's: three);
# the patch must replace mm/vmalloc.c's, the one beside
# unregister_vmap_purge_notifier in this kernel's kallsyms:
# /proc/vmallocinfo keeps its format, the other users of a function named
# s_show (/proc/kallsyms, ...) keep working
M=mm_vmalloc_duplicate_name_sympos
pos=$(rw_sympos /proc/kallsyms s_show unregister_vmap_purge_notifier) ||
	fail "no s_show beside unregister_vmap_purge_notifier in /proc/kallsyms"
n_before=$(grep -c . /proc/kallsyms)
rw_load $M
rw_patched $M vmlinux "s_show,$pos"
grep -q ' pages=[0-9]* vmalloc' /proc/vmallocinfo || fail "vmallocinfo: $(head -n 3 /proc/vmallocinfo)"
grep -q ' T _printk$' /proc/kallsyms || fail "/proc/kallsyms broken while patched"
[ "$(grep -c . /proc/kallsyms)" -ge "$n_before" ] || fail "/proc/kallsyms shorter"
cat /proc/timer_list /proc/modules >/dev/null 2>&1
rw_unload $M
grep -q ' pages=[0-9]* vmalloc' /proc/vmallocinfo || fail "vmallocinfo after unloading"
