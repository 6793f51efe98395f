// SPDX-License-Identifier: GPL-2.0
/*
 * abi.c - what a generated patch module will replace, read from its file:
 * the .suture.funcs / .suture.callbacks / .suture.relocs records of
 * kmod/patch/suture-abi.h.  Their pointer fields are 0 in the section
 * bytes and filled by R_X86_64_64 relocations, so each field is resolved
 * through .rela.suture.* and the symbol table.  Hand-written patch modules
 * (without these sections) simply have no records.
 *
 * Linear time (n log n): a relocation against a section symbol names the
 * function at (section, addend); that lookup uses an index of the
 * function and object symbols sorted once, not a scan of the symbol
 * table per relocation.
 */
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"
#include "../kmod/patch/suture-abi.h"

struct abi_ctx {
	const struct lp_elf *e;
	int symtab, strtab, strings;
	const Elf64_Sym *syms;
	size_t nsyms;
	/* function/object symbols by (section, value, table order) */
	const Elf64_Sym **by_place;
	size_t nplaces;
	bool indexed;
};

static int cmp_place(const void *a, const void *b)
{
	const Elf64_Sym *x = *(const Elf64_Sym *const *)a;
	const Elf64_Sym *y = *(const Elf64_Sym *const *)b;

	if (x->st_shndx != y->st_shndx)
		return x->st_shndx < y->st_shndx ? -1 : 1;
	if (x->st_value != y->st_value)
		return x->st_value < y->st_value ? -1 : 1;
	return x < y ? -1 : x > y; /* table order: the first one wins */
}

static void index_places(struct abi_ctx *c)
{
	size_t i;

	c->indexed = true;
	c->by_place = calloc(c->nsyms ? c->nsyms : 1, sizeof(*c->by_place));
	if (!c->by_place)
		return;
	for (i = 0; i < c->nsyms; i++) {
		int type = ELF64_ST_TYPE(c->syms[i].st_info);

		if (type == STT_FUNC || type == STT_OBJECT)
			c->by_place[c->nplaces++] = &c->syms[i];
	}
	qsort(c->by_place, c->nplaces, sizeof(*c->by_place), cmp_place);
}

/* The first function/object symbol at (@shndx, @value), or NULL. */
static const Elf64_Sym *sym_at(struct abi_ctx *c, unsigned int shndx,
			       uint64_t value)
{
	size_t lo = 0, hi;

	if (!c->indexed)
		index_places(c);
	hi = c->nplaces;
	while (lo < hi) { /* lower bound */
		size_t mid = lo + (hi - lo) / 2;
		const Elf64_Sym *m = c->by_place[mid];

		if (m->st_shndx < shndx ||
		    (m->st_shndx == shndx && m->st_value < value))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nplaces && c->by_place[lo]->st_shndx == shndx &&
	    c->by_place[lo]->st_value == value)
		return c->by_place[lo];
	return NULL;
}

/* Name of a symbol; for a section symbol, the function/object at @addend. */
static const char *sym_name(struct abi_ctx *c, size_t idx, long addend)
{
	const Elf64_Sym *s;

	if (idx >= c->nsyms)
		return NULL;
	s = &c->syms[idx];
	if (ELF64_ST_TYPE(s->st_info) != STT_SECTION)
		return lp_elf_string(c->e, c->strtab, s->st_name);
	if (addend < 0)
		return NULL;
	s = sym_at(c, s->st_shndx, (uint64_t)addend);
	return s ? lp_elf_string(c->e, c->strtab, s->st_name) : NULL;
}

/* String a pointer field points to: a symbol in .suture.strings + addend. */
static const char *field_string(const struct abi_ctx *c, size_t idx,
				long addend)
{
	const Elf64_Sym *s;

	if (idx >= c->nsyms || c->strings < 0 || addend < 0)
		return NULL;
	s = &c->syms[idx];
	if (s->st_shndx != (unsigned int)c->strings)
		return NULL;
	return lp_elf_string(c->e, c->strings, s->st_value + addend);
}

/* Walk the RELA section that applies to section @target. */
static void for_each_rela(struct abi_ctx *c, int target,
			  void (*fn)(struct abi_ctx *c, const Elf64_Rela *r,
				     void *arg),
			  void *arg)
{
	unsigned int i;

	for (i = 0; i < c->e->nr; i++) {
		const Elf64_Shdr *sh = &c->e->sh[i];
		const Elf64_Rela *r;
		size_t len, n;

		if (sh->sh_type != SHT_RELA ||
		    sh->sh_info != (unsigned)target ||
		    sh->sh_link != (unsigned)c->symtab || sh->sh_offset % 8)
			continue;
		r = lp_elf_data(c->e, i, &len);
		if (!r)
			continue;
		for (n = 0; n < len / sizeof(*r); n++)
			fn(c, &r[n], arg);
	}
}

static void copy_or_empty(char *dst, const char *src, size_t len)
{
	lp_strlcpy(dst, src ? src : "", len);
}

struct funcs_arg {
	struct lp_abi *abi;
};

static void func_rela(struct abi_ctx *c, const Elf64_Rela *r, void *arg)
{
	struct lp_abi *abi = ((struct funcs_arg *)arg)->abi;
	size_t rec = r->r_offset / sizeof(struct suture_abi_func);
	size_t fld = r->r_offset % sizeof(struct suture_abi_func);
	size_t sym = ELF64_R_SYM(r->r_info);
	struct lp_abi_func *f;

	if (rec >= (size_t)abi->nfuncs)
		return;
	f = &abi->funcs[rec];
	if (fld == offsetof(struct suture_abi_func, name))
		copy_or_empty(f->name, field_string(c, sym, r->r_addend),
			      sizeof(f->name));
	else if (fld == offsetof(struct suture_abi_func, objname))
		copy_or_empty(f->object, field_string(c, sym, r->r_addend),
			      sizeof(f->object));
}

static void cb_rela(struct abi_ctx *c, const Elf64_Rela *r, void *arg)
{
	struct lp_abi *abi = ((struct funcs_arg *)arg)->abi;
	size_t rec = r->r_offset / sizeof(struct suture_abi_callback);
	size_t fld = r->r_offset % sizeof(struct suture_abi_callback);
	size_t sym = ELF64_R_SYM(r->r_info);
	struct lp_abi_callback *cb;

	if (rec >= (size_t)abi->ncallbacks)
		return;
	cb = &abi->callbacks[rec];
	if (fld == offsetof(struct suture_abi_callback, fn))
		copy_or_empty(cb->function, sym_name(c, sym, r->r_addend),
			      sizeof(cb->function));
	else if (fld == offsetof(struct suture_abi_callback, objname))
		copy_or_empty(cb->object, field_string(c, sym, r->r_addend),
			      sizeof(cb->object));
}

static const char *cb_type_name(unsigned int type)
{
	switch (type) {
	case SUTURE_ABI_PRE_PATCH:
		return "pre_patch";
	case SUTURE_ABI_POST_PATCH:
		return "post_patch";
	case SUTURE_ABI_PRE_UNPATCH:
		return "pre_unpatch";
	case SUTURE_ABI_POST_UNPATCH:
		return "post_unpatch";
	default:
		return "unknown";
	}
}

/* Fill @abi from the sections of @c->e. */
static void read_records(struct abi_ctx *c, struct lp_abi *abi,
			 struct funcs_arg *arg)
{
	const struct lp_elf *e = c->e;
	const unsigned char *data;
	size_t len, i;
	int funcs, cbs, relocs;

	c->symtab = lp_elf_find(e, ".symtab");
	c->strings = lp_elf_find(e, SUTURE_ABI_STRINGS_SECTION);
	funcs = lp_elf_find(e, SUTURE_ABI_FUNCS_SECTION);
	cbs = lp_elf_find(e, SUTURE_ABI_CALLBACKS_SECTION);
	relocs = lp_elf_find(e, SUTURE_ABI_RELOCS_SECTION);
	abi->present = funcs >= 0 || cbs >= 0;
	if (c->symtab >= 0 && e->sh[c->symtab].sh_type == SHT_SYMTAB &&
	    e->sh[c->symtab].sh_offset % 8 == 0) {
		c->syms = lp_elf_data(e, c->symtab, &len);
		c->nsyms = c->syms ? len / sizeof(Elf64_Sym) : 0;
		c->strtab = e->sh[c->symtab].sh_link;
	}
	if (!c->syms)
		return;

	if (funcs >= 0 && (data = lp_elf_data(e, funcs, &len))) {
		size_t n = len / sizeof(struct suture_abi_func);

		abi->total_funcs = n;
		abi->nfuncs = n < LP_ABI_MAX ? n : LP_ABI_MAX;
		for (i = 0; i < (size_t)abi->nfuncs; i++) {
			struct suture_abi_func rec;

			memcpy(&rec, data + i * sizeof(rec), sizeof(rec));
			abi->funcs[i].sympos = rec.sympos;
			abi->funcs[i].old_size = rec.old_size;
		}
		for_each_rela(c, funcs, func_rela, arg);
	}
	if (cbs >= 0 && (data = lp_elf_data(e, cbs, &len))) {
		size_t n = len / sizeof(struct suture_abi_callback);

		abi->ncallbacks = n < LP_ABI_MAX ? n : LP_ABI_MAX;
		for (i = 0; i < (size_t)abi->ncallbacks; i++) {
			struct suture_abi_callback rec;

			memcpy(&rec, data + i * sizeof(rec), sizeof(rec));
			lp_strlcpy(abi->callbacks[i].type,
				   cb_type_name(rec.type),
				   sizeof(abi->callbacks[i].type));
		}
		for_each_rela(c, cbs, cb_rela, arg);
	}
	if (relocs >= 0 && lp_elf_data(e, relocs, &len))
		abi->nrelocs = len / sizeof(struct suture_abi_reloc);
}

/**
 * lp_abi_read_elf() - the records of a mapped patch module
 * @e:   the module, mapped with lp_elf_map()
 * @abi: filled; @abi->present is false for a module without the sections
 *
 * Records beyond the arrays' capacity are counted but not described.
 */
void lp_abi_read_elf(const struct lp_elf *e, struct lp_abi *abi)
{
	struct funcs_arg arg = { abi };
	struct abi_ctx c = { 0 };

	memset(abi, 0, sizeof(*abi));
	c.e = e;
	read_records(&c, abi, &arg);
	free(c.by_place);
}

/**
 * lp_abi_read() - the records of a generated patch module file
 * @path: the .ko
 * @abi:  filled, see lp_abi_read_elf()
 *
 * Return: 0, or -1 if the file cannot be read as a module (printed).
 */
int lp_abi_read(const char *path, struct lp_abi *abi)
{
	struct lp_elf e;
	const char *why;

	memset(abi, 0, sizeof(*abi));
	if (lp_elf_map(path, &e, &why)) {
		if (why)
			lp_err("%s: not a kernel module: %s", path, why);
		return -1;
	}
	lp_abi_read_elf(&e, abi);
	lp_elf_unmap(&e);
	return 0;
}
