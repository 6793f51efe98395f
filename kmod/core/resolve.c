// SPDX-License-Identifier: GPL-2.0
/*
 * resolve.c - find the running kernel's addresses for a patch's names.
 *
 * Every name an object of a patch refers to (replaced functions and
 * relocation targets) is collected in a hash table, then the object's
 * symbol table is walked exactly once: kallsyms for vmlinux, the module's
 * own symtab for a module.  Equal names are counted in table order, which
 * gives the 1-based position (sympos) the patch asks for.  Afterwards each
 * replaced function's recorded size is compared with the running one (see
 * doc/ABI/sysfs-kernel-suture, "size check").  Nothing is changed here
 * except the core-private address fields, which are cleared on failure.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/kallsyms.h>
#include <linux/uaccess.h>
#include "internal.h"
#include "compat.h"
#include "suture-abi.h"

#define RESOLVE_HASH_BITS 8

/* One wanted name: how often it was seen, and who wants which position. */
struct want_name {
	struct hlist_node node;
	const char *name;
	u32 hash;
	unsigned long count;
	struct list_head refs;
	bool owned; /* name allocated here */
};

#define COLD_CANDIDATES 8

struct want_ref {
	struct list_head node;
	unsigned long sympos;
	unsigned long *addr; /* where the result goes */
	const char *kind; /* "function" or "relocation target" */
	/*
	 * A .cold part (may be absent): every symbol of that name is a
	 * candidate; the one its function branches into is chosen after
	 * the walk (pick_cold_parts()).
	 */
	bool optional;
	unsigned int ncand;
	unsigned long cand[COLD_CANDIDATES];
};

struct resolver {
	DECLARE_HASHTABLE(names, RESOLVE_HASH_BITS);
	const char *objname;
	const char *patchname;
};

static u32 name_hash(const char *name)
{
	return jhash(name, strlen(name), 0x5e7e);
}

static struct want_name *resolver_find(struct resolver *r, const char *name,
				       u32 hash)
{
	struct want_name *w;

	hash_for_each_possible(r->names, w, node, hash)
		if (w->hash == hash && !strcmp(w->name, name))
			return w;
	return NULL;
}

/*
 * Want @name at @sympos, result in *@addr.  @owned: @name was allocated by
 * the caller and is now the resolver's (freed with it, or at once when the
 * name is wanted already).  @optional: absence is no error.
 */
static int resolver_want(struct resolver *r, const char *name,
			 unsigned long sympos, unsigned long *addr,
			 const char *kind, bool owned, bool optional)
{
	u32 hash = name_hash(name);
	struct want_name *w = resolver_find(r, name, hash);
	struct want_ref *ref;

	if (!w) {
		w = kzalloc(sizeof(*w), GFP_KERNEL);
		if (!w) {
			if (owned)
				kfree(name);
			return -ENOMEM;
		}
		w->name = name;
		w->hash = hash;
		w->owned = owned;
		INIT_LIST_HEAD(&w->refs);
		hash_add(r->names, &w->node, hash);
	} else if (owned) {
		kfree(name);
	}
	ref = kzalloc(sizeof(*ref), GFP_KERNEL);
	if (!ref)
		return -ENOMEM;
	ref->sympos = sympos;
	ref->addr = addr;
	ref->kind = kind;
	ref->optional = optional;
	*addr = 0;
	list_add_tail(&ref->node, &w->refs);
	return 0;
}

/* Called for every symbol of the object, in table order. */
static void resolver_symbol(struct resolver *r, const char *name,
			    unsigned long addr)
{
	struct want_name *w;
	struct want_ref *ref;

	if (!*name)
		return;
	w = resolver_find(r, name, name_hash(name));
	if (!w)
		return;
	w->count++;
	list_for_each_entry(ref, &w->refs, node) {
		if (ref->optional) {
			if (ref->ncand < COLD_CANDIDATES)
				ref->cand[ref->ncand] = addr;
			ref->ncand++;
			continue;
		}
		if (ref->sympos == w->count ||
		    (ref->sympos == 0 && w->count == 1))
			*ref->addr = addr;
	}
}

/* After the walk: every reference found, unambiguous?  Names the first bad. */
static int resolver_check(struct resolver *r)
{
	struct want_name *w;
	struct want_ref *ref;
	int bkt;

	hash_for_each(r->names, bkt, w, node) {
		list_for_each_entry(ref, &w->refs, node) {
			if (ref->optional)
				continue;
			if (!w->count) {
				pr_err("%s: %s '%s' not found in %s: the patch does not match the running kernel\n",
				       r->patchname, ref->kind, w->name,
				       r->objname);
				return -ENOENT;
			}
			if (ref->sympos == 0 && w->count > 1) {
				pr_err("%s: %s '%s' is ambiguous in %s: %lu symbols have this name, the patch must give a position (sympos 1..%lu)\n",
				       r->patchname, ref->kind, w->name,
				       r->objname, w->count, w->count);
				return -EINVAL;
			}
			if (ref->sympos > w->count) {
				pr_err("%s: %s '%s' position %lu not found in %s: only %lu symbols have this name\n",
				       r->patchname, ref->kind, w->name,
				       ref->sympos, r->objname, w->count);
				return -ENOENT;
			}
		}
	}
	return 0;
}

static void resolver_free(struct resolver *r)
{
	struct want_name *w;
	struct hlist_node *tmp;
	struct want_ref *ref, *rtmp;
	int bkt;

	hash_for_each_safe(r->names, bkt, tmp, w, node) {
		list_for_each_entry_safe(ref, rtmp, &w->refs, node)
			kfree(ref);
		hash_del(&w->node);
		if (w->owned)
			kfree(w->name);
		kfree(w);
	}
	kfree(r);
}

static struct resolver *resolver_new(struct suture_object *obj)
{
	struct resolver *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	hash_init(r->names);
	r->objname = suture_obj_name(obj);
	r->patchname = obj->patch->mod->name;
	return r;
}

static int resolver_add_object(struct resolver *r, struct suture_object *obj)
{
	struct suture_func *func;
	unsigned int i;
	int ret;

	suture_for_each_fn(obj, func) {
		char *cold;

		ret = resolver_want(r, func->old_name, func->old_sympos,
				    &func->old_addr, "function", false, false);
		if (ret)
			return ret;
		/* its cold part, if gcc made one: for the stack checks */
		cold = kasprintf(GFP_KERNEL, "%s.cold", func->old_name);
		if (!cold)
			return -ENOMEM;
		ret = resolver_want(r, cold, 0, &func->old_cold_addr,
				    "cold part", true, true);
		if (ret)
			return ret;
	}
	for (i = 0; i < obj->nr_relocs; i++) {
		struct suture_reloc *rel = &obj->relocs[i];

		if (!rel->name) {
			pr_err("%s: relocation %u of %s has no symbol name\n",
			       r->patchname, i, r->objname);
			return -EINVAL;
		}
		ret = resolver_want(r, rel->name, rel->sympos, &rel->sym_addr,
				    "relocation target", false, false);
		if (ret)
			return ret;
	}
	return 0;
}

/* a byte of padding between functions: int3 (the linker's fill) or a
 * byte of the nop forms gas aligns code with (90; 66/2e prefixes and
 * 0f 1f with their ModRM, SIB and zero displacement bytes) */
static bool padding_byte(u8 b)
{
	switch (b) {
	case 0xcc:
	case 0x90:
	case 0x66:
	case 0x2e:
	case 0x0f:
	case 0x1f:
	case 0x00:
	case 0x40:
	case 0x44:
	case 0x80:
	case 0x84:
		return true;
	}
	return false;
}

/*
 * The size check: suture_abi_size_matches() (suture-abi.h) accepts a gap
 * after the recorded size up to the next symbol's alignment, which it
 * infers from that symbol's address: an address such as 0x...300 looks
 * 256-aligned, and a patch recorded for a 3-byte function would pass for
 * a 64-byte one.  Here, where the text can be read, a gap of 16 bytes or
 * more (more than the usual function alignment) must be padding too.
 */
static bool size_matches(unsigned long addr, unsigned long size,
			 unsigned long extent)
{
	unsigned long i;
	u8 b;

	if (!suture_abi_size_matches(addr, size, extent))
		return false;
	if (extent - size < 16)
		return true;
	for (i = size; i < extent; i++)
		if (copy_from_kernel_nofault(&b, (const void *)(addr + i), 1) ||
		    !padding_byte(b))
			return false;
	return true;
}

/*
 * Does the code [@fn, @fn + @len) branch into [@cold, @cold + @cold_len)?
 * gcc reaches a function's out-of-line part (NAME.cold) with jmp rel32
 * (e9) or jcc rel32 (0f 8x) from the function itself: a byte scan for such
 * a branch with a target inside the cold part tells which of several
 * equally named cold parts is this function's.
 */
static bool branches_into(unsigned long fn, unsigned long len,
			  unsigned long cold, unsigned long cold_len)
{
	const u8 *p = (const u8 *)fn;
	unsigned long i, to;
	s32 rel;

	for (i = 0; i + 5 <= len; i++) {
		if (p[i] == 0xe9) {
			memcpy(&rel, p + i + 1, sizeof(rel));
			to = fn + i + 5 + rel;
		} else if (p[i] == 0x0f && i + 6 <= len &&
			   (p[i + 1] & 0xf0) == 0x80) {
			memcpy(&rel, p + i + 2, sizeof(rel));
			to = fn + i + 6 + rel;
		} else {
			continue;
		}
		if (to >= cold && to - cold < cold_len)
			return true;
	}
	return false;
}

/*
 * In *@cold, the one of @n candidate NAME.cold parts that the function at
 * @addr branches into; a single candidate when none does (checking a range
 * too many is safe, one too few is not); 0 when there is none.
 * Return: 0, or -EINVAL when several exist and none is reached from the
 * function.
 */
static int pick_cold(unsigned long addr, const unsigned long *cand,
		     unsigned int n, unsigned long *cold)
{
	unsigned long len = suture_sym_extent(addr);
	unsigned int i;

	*cold = 0;
	for (i = 0; i < min_t(unsigned int, n, COLD_CANDIDATES); i++) {
		if (branches_into(addr, len, cand[i],
				  suture_sym_extent(cand[i]))) {
			*cold = cand[i];
			return 0;
		}
	}
	if (n > 1)
		return -EINVAL;
	if (n)
		*cold = cand[0];
	return 0;
}

/* Choose each replaced function's cold part among the NAME.cold seen. */
static int pick_cold_parts(struct resolver *r)
{
	struct suture_func *func;
	struct want_name *w;
	struct want_ref *ref;
	int bkt;

	hash_for_each(r->names, bkt, w, node) {
		list_for_each_entry(ref, &w->refs, node) {
			if (!ref->optional)
				continue;
			func = container_of(ref->addr, struct suture_func,
					    old_cold_addr);
			if (!func->old_addr)
				continue;
			if (pick_cold(func->old_addr, ref->cand, ref->ncand,
				      ref->addr)) {
				pr_err("%s: %u symbols %s in %s and %s,%lu branches into none of them: cannot tell which is its cold part (refusing: its stack check would miss it)\n",
				       r->patchname, ref->ncand, w->name,
				       r->objname, func->old_name,
				       func->old_sympos);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * The cold part of a patch module's new function: the NAME.cold of the
 * patch module, NAME being the symbol at @addr, that the new function
 * branches into (see pick_cold()), in *@cold.  Return: 0 or -EINVAL.
 */
static int new_cold_part(struct module *mod, unsigned long addr,
			 unsigned long *cold)
{
	unsigned long cand[COLD_CANDIDATES];
	const char *name = NULL, *s;
	struct mod_kallsyms *ks;
	unsigned int i, n = 0;
	size_t len;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < ks->num_symtab && !name; i++)
		if (ks->symtab[i].st_value == addr &&
		    ks->symtab[i].st_shndx != SHN_UNDEF &&
		    ELF_ST_TYPE(ks->symtab[i].st_info) == STT_FUNC)
			name = ks->strtab + ks->symtab[i].st_name;
	len = name ? strlen(name) : 0;
	for (i = 0; i < ks->num_symtab && name; i++) {
		s = ks->strtab + ks->symtab[i].st_name;
		if (ks->symtab[i].st_shndx != SHN_UNDEF &&
		    !strncmp(s, name, len) && !strcmp(s + len, ".cold")) {
			if (n < COLD_CANDIDATES)
				cand[n] = ks->symtab[i].st_value;
			n++;
		}
	}
	preempt_enable();
	return pick_cold(addr, cand, n, cold);
}

/*
 * Every range the stack checks use must have a length: kallsyms gives 0
 * when it cannot tell, and a 0-long range checks nothing.
 */
static int check_extents(struct suture_object *obj, struct suture_func *func)
{
	const char *what = NULL;
	unsigned long addr = 0;

	if (!func->old_extent) {
		what = "the function";
		addr = func->old_addr;
	} else if (func->old_cold_addr && !func->old_cold_extent) {
		what = "its cold part";
		addr = func->old_cold_addr;
	} else if (func->new_func && !func->new_size) {
		what = "its replacement";
		addr = (unsigned long)func->new_func;
	} else if (func->new_cold_addr && !func->new_cold_extent) {
		what = "its replacement's cold part";
		addr = func->new_cold_addr;
	}
	if (!what)
		return 0;
	pr_err("%s: kallsyms gives no size for %s of %s,%lu in %s (%px): refusing the patch, the stack check could not cover it\n",
	       obj->patch->mod->name, what, func->old_name, func->old_sympos,
	       suture_obj_name(obj), (void *)addr);
	return -EINVAL;
}

static int check_funcs(struct suture_object *obj)
{
	const char *pname = obj->patch->mod->name;
	struct suture_func *func, *other;

	suture_for_each_fn(obj, func) {
		func->old_extent = suture_sym_extent(func->old_addr);
		if (func->new_func)
			func->new_size = suture_sym_extent(
				(unsigned long)func->new_func);
		func->old_cold_extent =
			func->old_cold_addr ?
				suture_sym_extent(func->old_cold_addr) :
				0;
		func->new_cold_addr = 0;
		if (func->new_func &&
		    new_cold_part(obj->patch->mod,
				  (unsigned long)func->new_func,
				  &func->new_cold_addr)) {
			pr_err("%s: the replacement of %s,%lu has several cold parts and branches into none of them\n",
			       pname, func->old_name, func->old_sympos);
			return -EINVAL;
		}
		func->new_cold_extent =
			func->new_cold_addr ?
				suture_sym_extent(func->new_cold_addr) :
				0;
		if (check_extents(obj, func))
			return -EINVAL;
		if (func->old_size && !func->nop &&
		    !size_matches(func->old_addr, func->old_size,
				  func->old_extent)) {
			pr_err("%s: size mismatch for %s,%lu in %s: the patch was built for a function of %lu bytes, the running one spans %lu (refusing the patch; rebuild it against this kernel)\n",
			       pname, func->old_name, func->old_sympos,
			       suture_obj_name(obj), func->old_size,
			       func->old_extent);
			return -EINVAL;
		}
		suture_for_each_fn(obj, other) {
			if (other == func)
				break;
			if (other->old_addr == func->old_addr) {
				pr_err("%s: function %s appears twice in object %s\n",
				       pname, func->old_name,
				       suture_obj_name(obj));
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * suture_unresolve_object() - forget the addresses of an object
 * @obj: object whose target went away, or whose enable failed
 */
void suture_unresolve_object(struct suture_object *obj)
{
	struct suture_func *func;
	unsigned int i;

	suture_for_each_fn(obj, func) {
		func->old_addr = 0;
		func->old_extent = 0;
		func->old_cold_addr = 0;
		func->old_cold_extent = 0;
	}
	for (i = 0; i < obj->nr_relocs; i++)
		obj->relocs[i].sym_addr = 0;
}

/* kallsyms_on_each_symbol() callback: vmlinux symbols only */
static SUTURE_KSYM_EACH_FN(vmlinux_sym)
{
	resolver_symbol(data, sym, addr);
	return 0;
}

/* Walk a module's own symbol table once (it is kept alive by the caller). */
static void walk_module_symbols(struct resolver *r, struct module *mod)
{
	struct mod_kallsyms *ks;
	unsigned int i;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 0; i < ks->num_symtab; i++) {
		const Elf_Sym *sym = &ks->symtab[i];

		if (sym->st_shndx == SHN_UNDEF)
			continue;
		resolver_symbol(r, ks->strtab + sym->st_name, sym->st_value);
	}
	preempt_enable();
}

static int resolve_one(struct suture_object *obj)
{
	struct resolver *r;
	int ret;

	r = resolver_new(obj);
	if (!r)
		return -ENOMEM;
	ret = resolver_add_object(r, obj);
	if (ret)
		goto out;
	if (suture_obj_is_vmlinux(obj)) {
		suture_ksym_each_t each =
			suture_ksym("kallsyms_on_each_symbol");

		each(vmlinux_sym, r);
	} else {
		walk_module_symbols(r, obj->mod);
	}
	ret = resolver_check(r);
	if (!ret)
		ret = pick_cold_parts(r);
	if (!ret)
		ret = check_funcs(obj);
out:
	resolver_free(r);
	if (ret)
		suture_unresolve_object(obj);
	return ret;
}

/**
 * suture_resolve_object() - resolve every name of one present object
 * @obj: vmlinux, or a module object with @obj->mod set (module alive)
 *
 * One walk over the object's symbol table resolves all functions and
 * relocation targets; then the recorded sizes are checked.
 * Return: 0, or an error after logging the first failing symbol; on error
 * no address is left set.
 */
int suture_resolve_object(struct suture_object *obj)
{
	return resolve_one(obj);
}

/**
 * suture_resolve_vmlinux() - resolve all vmlinux objects of @patch
 * @patch: the patch being registered
 *
 * Return: 0 or the first error (see suture_resolve_object()).
 */
int suture_resolve_vmlinux(struct suture_patch *patch)
{
	struct suture_object *obj;
	int ret;

	suture_for_each_obj(patch, obj) {
		if (!suture_obj_is_vmlinux(obj) || obj->dynamic)
			continue;
		ret = resolve_one(obj);
		if (ret)
			return ret;
		obj->loaded = true;
	}
	return 0;
}
