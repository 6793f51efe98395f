/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glue-records.h - the record arrays patch.lds gathers, for the two glues
 * (glue.c: Suture's format, klp-glue.c: the kernel livepatch format).
 * Included by exactly one object of a patch module.
 */
#ifndef _SUTURE_GLUE_RECORDS_H
#define _SUTURE_GLUE_RECORDS_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "suture-abi.h"
#include "suture-state.h"

#ifndef SUTURE_PATCH_REPLACE
#define SUTURE_PATCH_REPLACE 0
#endif
#ifndef SUTURE_RELEASE
#define SUTURE_RELEASE "unknown"
#endif
#ifndef SUTURE_BUILD
#define SUTURE_BUILD "unknown"
#endif

extern struct suture_abi_func __suture_funcs_start[], __suture_funcs_end[];
extern struct suture_abi_reloc __suture_relocs_start[], __suture_relocs_end[];
extern struct suture_abi_callback __suture_callbacks_start[],
	__suture_callbacks_end[];
extern struct suture_abi_state __suture_states_start[], __suture_states_end[];

/*
 * Empty members of each record section: patch.lds then always has an
 * allocated input section to wrap (a patch may have no callbacks).
 */
static const struct suture_abi_func __suture_no_funcs[0] __used
	__section(SUTURE_ABI_FUNCS_SECTION) __aligned(8);
static const struct suture_abi_reloc __suture_no_relocs[0] __used
	__section(SUTURE_ABI_RELOCS_SECTION) __aligned(8);
static const struct suture_abi_callback __suture_no_callbacks[0] __used
	__section(SUTURE_ABI_CALLBACKS_SECTION) __aligned(8);
static const struct suture_abi_state __suture_no_states[0] __used
	__section(SUTURE_ABI_STATES_SECTION) __aligned(8);

/*
 * The placeholder target of branches whose target is a reloc record
 * (SUTURE_RECORD_SITE, kpatch-build/gen-branches.c): the module loader
 * points them here, the record then points them at the real target before
 * the patched code can run.  Reaching it is a bug; it returns, so that
 * objtool treats the calls as ordinary ones.
 */
noinline notrace void suture_record_site(void);
noinline notrace void suture_record_site(void)
{
	WARN_ONCE(
		1,
		"suture: patched code ran before its relocation records were written\n");
}

/* a record's string field */
static inline const char *str(__u64 p)
{
	return (const char *)(unsigned long)p;
}

/* same target object (NULL = vmlinux) */
static inline bool same_obj(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The .suture.states records of every unit (SUTURE_STATE()) as an array
 * terminated by id 0, one entry per id (the same id twice must have the
 * same version).  Return: 0 with *@out set (NULL when there are none),
 * or -EINVAL (logged) / -ENOMEM.
 */
static inline int glue_states(struct suture_state **out)
{
	int n = __suture_states_end - __suture_states_start, i, k, nr = 0;
	struct suture_state *st;

	*out = NULL;
	if (!n)
		return 0;
	st = kcalloc(n + 1, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct suture_abi_state *a = &__suture_states_start[i];

		if (!a->id) {
			pr_err("system state id 0 is not allowed\n");
			goto bad;
		}
		for (k = 0; k < nr && st[k].id != a->id; k++)
			;
		if (k < nr) {
			if (st[k].version != a->version) {
				pr_err("system state %llu declared with "
				       "versions %u and %u\n",
				       a->id, st[k].version, a->version);
				goto bad;
			}
			continue;
		}
		st[nr].id = a->id;
		st[nr++].version = a->version;
	}
	*out = st;
	return 0;
bad:
	kfree(st);
	return -EINVAL;
}

#endif /* _SUTURE_GLUE_RECORDS_H */
