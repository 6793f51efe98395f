/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the kernel interfaces that moved between the kernels Suture
 * runs on (Debian 12: 6.1, and 6.12 from bookworm's security/backports
 * archive), behind one name each.  Everything version-dependent in the core
 * and the consistency engine goes here, so the rest reads as one kernel.
 */
#ifndef SUTURE_COMPAT_H
#define SUTURE_COMPAT_H

#include <linux/version.h>
#include <linux/module.h>
#include <linux/ftrace.h>

/*
 * Set the address an ftrace handler returns to (redirects the call):
 * ftrace_instruction_pointer_set() until 6.1, renamed
 * ftrace_regs_set_instruction_pointer() in 6.2.
 */
#ifndef ftrace_regs_set_instruction_pointer
#define ftrace_regs_set_instruction_pointer(fregs, ip) \
	ftrace_instruction_pointer_set(fregs, ip)
#endif

/**
 * suture_module_place() - is [@a, @a + @len) in @mod's memory, and where?
 * @mod: a module being loaded or live
 * @a: first byte
 * @len: length
 * @ro: set when the place is (or becomes, after init) read-only: text,
 *      rodata, ro_after_init, init text/rodata; cleared for writable data
 *
 * Module memory is two struct module_layout (core, init) until 6.3 and the
 * mod->mem[] array of struct module_memory since 6.4.
 *
 * Return: true if the whole range lies in one region of @mod.
 */
static inline bool suture_module_place(const struct module *mod,
				       unsigned long a, unsigned long len,
				       bool *ro)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	for_each_mod_mem_type(type)
	{
		const struct module_memory *m = &mod->mem[type];
		unsigned long base = (unsigned long)m->base;

		if (!m->base || a < base || a + len > base + m->size)
			continue;
		*ro = type != MOD_DATA && type != MOD_INIT_DATA;
		return true;
	}
	return false;
#else
	const struct module_layout *l[2] = { &mod->core_layout,
					     &mod->init_layout };
	/* the read-only part: core up to ro_after_init, init up to ro */
	unsigned int ro_end[2] = { mod->core_layout.ro_after_init_size,
				   mod->init_layout.ro_size };
	int i;

	for (i = 0; i < 2; i++) {
		unsigned long base = (unsigned long)l[i]->base;

		if (!l[i]->base || a < base || a + len > base + l[i]->size)
			continue;
		*ro = a + len <= base + ro_end[i];
		return true;
	}
	return false;
#endif
}

/*
 * kallsyms_on_each_symbol() walks vmlinux's symbols; its callback lost the
 * struct module * argument (always NULL there) in 6.3.
 * SUTURE_KSYM_EACH_FN(name) declares such a callback with parameters
 * (void *data, const char *sym, unsigned long addr) on every kernel.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define SUTURE_KSYM_EACH_FN(fn) \
	int fn(void *data, const char *sym, unsigned long addr)
typedef int (*suture_ksym_each_t)(int (*fn)(void *, const char *,
					    unsigned long),
				  void *data);
#else
#define SUTURE_KSYM_EACH_FN(fn)                                        \
	int fn(void *data, const char *sym, struct module *unused_mod, \
	       unsigned long addr)
typedef int (*suture_ksym_each_t)(int (*fn)(void *, const char *,
					    struct module *, unsigned long),
				  void *data);
#endif

/*
 * ftrace direct calls with an ops of our own (so that the ops can consent
 * to share its site with our IPMODIFY handler, see direct.c):
 * register_ftrace_direct_multi() and friends until 6.4; renamed to
 * register_ftrace_direct(ops, addr) in 6.5, when the ip-based calls of
 * that name went away and unregistering learnt to free the filter.
 */
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
static inline int suture_direct_register(struct ftrace_ops *ops,
					 unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return register_ftrace_direct(ops, addr);
#else
	return register_ftrace_direct_multi(ops, addr);
#endif
}

/*
 * Aim a registered direct ops at another address.  ftrace sends the site
 * through its list function meanwhile; unlike unregistering (which waits
 * for an RCU-tasks grace period for an ops outside the kernel's core
 * data), this does not wait.
 */
static inline int suture_direct_modify(struct ftrace_ops *ops,
				       unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return modify_ftrace_direct(ops, addr);
#else
	return modify_ftrace_direct_multi(ops, addr);
#endif
}

/* Unregister and free the ops' filter. */
static inline int suture_direct_unregister(struct ftrace_ops *ops,
					   unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return unregister_ftrace_direct(ops, addr, true);
#else
	int ret = unregister_ftrace_direct_multi(ops, addr);

	if (!ret)
		ftrace_free_filter(ops);
	return ret;
#endif
}
#endif

#endif /* SUTURE_COMPAT_H */
