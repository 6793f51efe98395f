// SPDX-License-Identifier: GPL-2.0
/*
 * ksyms.c - reach kernel functions that are not exported to modules.
 *
 * kallsyms_lookup_name() itself is not exported since 5.7; a kprobe
 * registered on it by name reports its address, and everything else is
 * looked up through it.  suture.ko refuses to load when one of the helpers
 * it needs is missing, naming the helper.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include "internal.h"

typedef unsigned long (*lookup_name_t)(const char *name);
static lookup_name_t suture_lookup_name;

typedef int (*size_offset_t)(unsigned long addr, unsigned long *size,
			     unsigned long *offset);
static size_offset_t suture_size_offset;

/* Helpers suture.ko cannot work without; checked at load. */
static const char *const suture_required_syms[] = {
	"kallsyms_on_each_symbol", "kallsyms_lookup_size_offset",
	"text_poke_copy",	   "find_module",
	"ftrace_location",
};

/**
 * suture_ksym() - address of a kernel symbol, exported or not
 * @name: symbol name (vmlinux first, then modules, as kallsyms looks up)
 *
 * Return: the address, or NULL when the kernel has no such symbol.
 * May be called by any part of suture.ko after suture_ksyms_init().
 */
void *suture_ksym(const char *name)
{
	if (!suture_lookup_name)
		return NULL;
	return (void *)suture_lookup_name(name);
}

/**
 * suture_sym_extent() - kallsyms size of the symbol containing @addr
 * @addr: an address in vmlinux or a module
 *
 * Return: the distance from the symbol's start to the next symbol (what
 * /proc/kallsyms implies, alignment padding included), 0 if unknown.
 */
unsigned long suture_sym_extent(unsigned long addr)
{
	unsigned long size = 0, offset = 0;

	if (!suture_size_offset || !suture_size_offset(addr, &size, &offset))
		return 0;
	return size;
}

/**
 * suture_ksyms_init() - find kallsyms_lookup_name and check every helper
 *
 * Return: 0, or -ENOENT after logging which helper is missing.
 */
int suture_ksyms_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned int i;
	int ret;

	ret = register_kprobe(&kp);
	if (ret) {
		pr_err("cannot find kallsyms_lookup_name: register_kprobe failed (%d); suture.ko needs CONFIG_KPROBES and CONFIG_KALLSYMS\n",
		       ret);
		return ret;
	}
	suture_lookup_name = (lookup_name_t)kp.addr;
	unregister_kprobe(&kp);
	if (!suture_lookup_name) {
		pr_err("kprobe on kallsyms_lookup_name gave no address\n");
		return -ENOENT;
	}

	for (i = 0; i < ARRAY_SIZE(suture_required_syms); i++) {
		if (!suture_ksym(suture_required_syms[i])) {
			pr_err("kernel symbol %s not found: this kernel lacks a helper suture.ko needs\n",
			       suture_required_syms[i]);
			suture_lookup_name = NULL;
			return -ENOENT;
		}
	}
	suture_size_offset = suture_ksym("kallsyms_lookup_size_offset");
	return 0;
}
