// SPDX-License-Identifier: GPL-2.0
/*
 * reloc.c - apply a patch module's references to non-exported symbols.
 *
 * The module loader cannot link a patch module against symbols that are not
 * exported (or that live in a module loaded later), so the build tool turns
 * those references into struct suture_reloc records.  Once the target
 * object's symbols are resolved, the value is computed here and written into
 * the patch module.  The patch module's text and read-only data are already
 * read-only when its init runs: those places are written with the kernel's
 * own text_poke_copy() (under text_mutex); writable data is written plainly.
 * The .ko file is never changed, so its signature stays valid.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/elf.h>
#include "internal.h"
#include "compat.h"

typedef void *(*text_poke_copy_t)(void *addr, const void *opcode, size_t len);

/* Is [place, place+len) inside the patch module?  Read-only part? */
static int place_kind(struct module *mod, void *place, size_t len, bool *ro)
{
	return suture_module_place(mod, (unsigned long)place, len, ro) ?
		       0 :
		       -ERANGE;
}

static int write_place(struct module *mod, void *place, const void *val,
		       size_t len)
{
	text_poke_copy_t poke;
	bool ro;

	if (place_kind(mod, place, len, &ro))
		return -ERANGE;
	if (!ro) {
		memcpy(place, val, len);
		return 0;
	}
	poke = suture_ksym("text_poke_copy");
	if (!poke(place, val, len))
		return -EFAULT;
	return 0;
}

/**
 * suture_reloc_len() - bytes a relocation record of @type writes
 * @type: an R_X86_64_* type or SUTURE_ABI_RELOC_RUNTIME_*
 *
 * Return: 8, 4 or 1; 0 for a type the core does not apply.
 */
size_t suture_reloc_len(unsigned int type)
{
	switch (type) {
	case R_X86_64_64:
	case SUTURE_ABI_RELOC_RUNTIME_PTR:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	case SUTURE_ABI_RELOC_RUNTIME_SHIFT:
		return 1;
	default:
		return 0;
	}
}

/* Compute the value of one record: 0 or -ERANGE/-EINVAL. */
static int reloc_value(struct suture_reloc *rel, u64 *val, size_t *len)
{
	u64 s_a = rel->sym_addr + rel->addend;
	s64 sval;

	switch (rel->type) {
	case SUTURE_ABI_RELOC_RUNTIME_PTR:
		/* the value the kernel wrote into its own copies at boot */
		*val = READ_ONCE(*(unsigned long *)rel->sym_addr);
		*len = 8;
		return 0;
	case SUTURE_ABI_RELOC_RUNTIME_SHIFT:
		/* a shift count (unsigned int) of a 32-bit shrl */
		*val = READ_ONCE(*(unsigned int *)rel->sym_addr);
		*len = 1;
		return *val < 32 ? 0 : -ERANGE;
	case R_X86_64_64:
		*val = s_a;
		*len = 8;
		return 0;
	case R_X86_64_32:
		if (s_a != (u32)s_a)
			return -ERANGE;
		*val = s_a;
		*len = 4;
		return 0;
	case R_X86_64_32S:
		sval = (s64)s_a;
		if (sval != (s32)sval)
			return -ERANGE;
		*val = (u32)sval;
		*len = 4;
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		sval = (s64)(s_a - (u64)rel->place);
		if (sval != (s32)sval)
			return -ERANGE;
		*val = (u32)sval;
		*len = 4;
		return 0;
	default:
		return -EINVAL;
	}
}

static void clear_relocs(struct suture_object *obj, unsigned int n)
{
	static const u64 zero;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct suture_reloc *rel = &obj->relocs[i];
		size_t len = suture_reloc_len(rel->type);

		write_place(obj->patch->mod, rel->place, &zero, len);
	}
}

/**
 * suture_apply_relocs() - write every relocation record of an object
 * @obj: a resolved object (every rel->sym_addr set)
 *
 * Return: 0, or an error naming the record's symbol; on error the records
 * written so far are cleared again.
 */
int suture_apply_relocs(struct suture_object *obj)
{
	struct module *pmod = obj->patch->mod;
	unsigned int i;
	int ret;

	for (i = 0; i < obj->nr_relocs; i++) {
		struct suture_reloc *rel = &obj->relocs[i];
		size_t len;
		u64 val;

		ret = reloc_value(rel, &val, &len);
		if (ret == -EINVAL) {
			pr_err("%s: relocation to '%s' in %s has unsupported type %u\n",
			       pmod->name, rel->name, suture_obj_name(obj),
			       rel->type);
			goto undo;
		}
		if (ret) {
			pr_err("%s: relocation to '%s' in %s (type %u) is out of range: symbol at %px, place %px\n",
			       pmod->name, rel->name, suture_obj_name(obj),
			       rel->type, (void *)rel->sym_addr, rel->place);
			goto undo;
		}
		ret = write_place(pmod, rel->place, &val, len);
		if (ret) {
			pr_err("%s: relocation to '%s' in %s: place %px is not inside the patch module\n",
			       pmod->name, rel->name, suture_obj_name(obj),
			       rel->place);
			goto undo;
		}
	}
	obj->relocated = true;
	return 0;
undo:
	clear_relocs(obj, i);
	return ret;
}

/**
 * suture_clear_relocs() - zero every relocated place of an object
 * @obj: object whose target goes away (or whose enable failed)
 *
 * A stale address of an unloaded module is never left in the patch module.
 */
void suture_clear_relocs(struct suture_object *obj)
{
	if (!obj->relocated)
		return;
	clear_relocs(obj, obj->nr_relocs);
	obj->relocated = false;
}
