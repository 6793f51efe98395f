// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-special.c - the kernel's special sections: tables whose entries
 * each belong to one place in the code.  The output keeps exactly the
 * entries of included functions (their other relocations, e.g. a static
 * key or a replacement instruction, are needed like any reference).
 *
 * Entry sizes and field offsets are the target's (c->layout, measured in
 * its build: layout.h); an object whose entries do not sit where that
 * layout puts them is refused (a layout of another kernel series).  The
 * sites tables gas writes with .long (retpoline, return, call, endbr,
 * .smp_locks, .orc_unwind_ip, 6.8+'s runtime_ptr_SYM and
 * runtime_shift_SYM) have 4-byte entries by the kernel's assembler
 * macros, _kprobe_blacklist's an unsigned long (NOKPROBE_SYMBOL):
 * their relocations are checked the same way.  Any other
 * section that refers to an included function is refused, naming it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

/* sections handled through another one */
static const char *const companions[] = {
	".orc_unwind",
	".altinstr_replacement",
	NULL,
};

struct kept {
	struct section *sec;
	struct special_layout sp; /* the target's layout of it */
	unsigned int size; /* entry size in the target's layout */
	unsigned char *keep; /* per entry: keep it */
	size_t nr;
	bool processed_all;
};

static struct kept *kept_tab;
static size_t nr_kept;

void cdo_special_free(void)
{
	size_t i;

	for (i = 0; i < nr_kept; i++)
		free(kept_tab[i].keep);
	free(kept_tab);
	kept_tab = NULL;
	nr_kept = 0;
}

bool cdo_is_special_section(const char *name)
{
	struct special_layout sp;
	struct kernel_layout any = { 0 };
	int i;

	if (layout_special(&any, name, &sp))
		return true;
	for (i = 0; companions[i]; i++)
		if (!strcmp(companions[i], name))
			return true;
	return false;
}

/*
 * Every whole entry of @sec must have a relocation at each field that the
 * layout says holds one (the owner; for alternatives the replacement, for
 * jump entries the key): entries of another layout (another kernel
 * series' alt_instr, say) do not, and would be cut at the wrong places.
 */
static int check_layout(struct cdo *c, struct section *sec,
			const struct special_layout *sp, size_t nr)
{
	unsigned int size = sp->size, f;
	size_t i;

	for (i = 0; i < nr; i++) {
		if ((i + 1) * size > sec->sh.sh_size)
			break; /* a partial last entry */
		for (f = 0; f < sp->nr_relocated; f++) {
			if (elf_find_rela_by_offset(
				    sec, i * size + sp->relocated[f]))
				continue;
			cdo_fail(
				c,
				"%s entry %zu (offset %zu) has no relocation at field offset %u of the target layout (entry size %u, kernel %s): the layout does not match this object; make the layout from the tree the object was built in (livepatch-build does)",
				sec->name, i, i * size, sp->relocated[f], size,
				c->layout.version);
			return -1;
		}
	}
	return 0;
}

static struct kept *kept_for(struct cdo *c, struct section *sec,
			     const struct special_layout *sp)
{
	unsigned int size = sp->size;
	struct kept *k;
	size_t i, nr;

	for (i = 0; i < nr_kept; i++)
		if (kept_tab[i].sec == sec)
			return &kept_tab[i];
	if (!size) {
		cdo_fail(
			c,
			"%s: the target layout (kernel %s) has no such table: the object was not built for that kernel",
			sec->name, c->layout.version);
		return NULL;
	}
	nr = sec->sh.sh_size / size;
	if (sp->partial_last && sec->sh.sh_size % size)
		nr++;
	else if (sec->sh.sh_size % size) {
		cdo_fail(
			c,
			"%s: size %lu is not a multiple of the entry size %u of the target layout (kernel %s): the layout does not match this object",
			sec->name, (unsigned long)sec->sh.sh_size, size,
			c->layout.version);
		return NULL;
	}
	if (check_layout(c, sec, sp, nr))
		return NULL;
	k = realloc(kept_tab, (nr_kept + 1) * sizeof(*kept_tab));
	if (!k) {
		cdo_fail(c, "out of memory");
		return NULL;
	}
	kept_tab = k;
	k = &kept_tab[nr_kept++];
	memset(k, 0, sizeof(*k));
	k->sec = sec;
	k->sp = *sp;
	k->size = size;
	k->nr = nr;
	k->keep = calloc(nr ? nr : 1, 1);
	if (!k->keep) {
		cdo_fail(c, "out of memory");
		return NULL;
	}
	return k;
}

static unsigned long entry_len(const struct kept *k, size_t i)
{
	unsigned long off = i * k->size;
	unsigned long left = k->sec->sh.sh_size - off;

	return left < k->size ? left : k->size;
}

/*
 * does entry @i belong to included code/data?  A code place counts for the
 * function it is in, or ends (its end-of-function entry); a place outside
 * every function of a shared section (cdo_rela_target then picks the
 * first one, at an offset past its end) belongs to no included copy
 */
static bool entry_owned(struct kept *k, size_t i)
{
	struct rela *r =
		elf_find_rela_by_offset(k->sec, i * k->size + k->sp.owner);
	struct target t;

	if (!r)
		return false;
	cdo_rela_target(r, &t);
	if (t.sym && k->sp.kind == SPECIAL_OWN_CODE && t.sym->sec &&
	    (t.off < 0 || (unsigned long)t.off > t.sym->size))
		return false;
	if (t.sym)
		return cdo_sym_included(t.sym);
	return t.sec && t.sec->include;
}

static struct section *alt_replacement(struct cdo *c)
{
	return elf_find_section_by_name(c->patched, ".altinstr_replacement");
}

/*
 * The key fields of __jump_table and .static_call_sites (layout keys) are
 * read by the module loader (jump_label_add_module, static_call_add_module)
 * while the module is COMING, before suture.ko writes .suture.relocs: a key
 * that would be a relocation record (local in the original) cannot work.
 * --klp: the kernel's loader applies .klp.rela.vmlinux.* before that, so a
 * jump label key can be a record (create-patch-module refuses it when it
 * is not in vmlinux).
 */
static bool key_is_unlinkable(const struct cdo *c, const struct kept *k,
			      unsigned long field, const struct target *t)
{
	bool key = (!strcmp(k->sec->name, "__jump_table") &&
		    field == c->layout.jump_entry_key && !c->loader_relocs) ||
		   (!strcmp(k->sec->name, ".static_call_sites") &&
		    field == c->layout.static_call_site_key);

	/*
	 * A key in data the function owns (a pr_debug descriptor's key in
	 * __dyndbg) comes along with it, in this pass or the next: the
	 * entry then names the module's own copy, which the loader links.
	 */
	return key && t->sym && t->sym->sec && !cdo_sym_included(t->sym) &&
	       !cdo_owned_by_function(t->sym) && t->sym->twin &&
	       t->sym->twin->bind == STB_LOCAL;
}

/*
 * --klp: a jump label on a key in .data..ro_after_init
 * (DEFINE_STATIC_KEY_*_RO): jump_label_add_module() links the module's
 * entries into the key, a write to memory that is read-only after boot
 * (an oops in the loader on 6.1).
 */
static bool key_is_read_only(const struct cdo *c, const struct kept *k,
			     unsigned long field, const struct target *t)
{
	return c->loader_relocs && !strcmp(k->sec->name, "__jump_table") &&
	       field == c->layout.jump_entry_key && t->sym && t->sym->sec &&
	       !cdo_sym_included(t->sym) &&
	       !strcmp(t->sym->sec->name, ".data..ro_after_init");
}

/* relocations of a kept entry need their targets */
static int need_entry(struct cdo *c, struct kept *k, size_t i)
{
	unsigned long off = i * k->size, len = entry_len(k, i);
	size_t j = elf_rela_lower_bound(k->sec, off);
	int more = 0, ret;

	for (; j < k->sec->nr_relas && k->sec->relas[j]->offset < off + len;
	     j++) {
		struct rela *r = k->sec->relas[j];
		struct target t;

		cdo_rela_target(r, &t);
		if (t.sec && !strcmp(t.sec->name, ".altinstr_replacement")) {
			/* the replacement's own relocations */
			struct section *repl = t.sec;
			unsigned char n =
				k->sec->data ?
					k->sec->data
						[off +
						 c->layout.alt_instr_replacementlen] :
					0;
			size_t q = elf_rela_lower_bound(repl, r->addend);

			for (; q < repl->nr_relas &&
			       repl->relas[q]->offset <
				       (unsigned long)r->addend + n;
			     q++) {
				struct target rt;

				cdo_rela_target(repl->relas[q], &rt);
				ret = cdo_need_target(c, repl->relas[q], &rt,
						      k->sec->name);
				if (ret < 0)
					return -1;
				more |= ret;
			}
			continue;
		}
		if (key_is_unlinkable(c, k, r->offset - off, &t)) {
			cdo_refuse(
				c, t.sym->name,
				"%s entry of an included function uses %s, local to the original object: the module loader initialises %s before the core can resolve it",
				k->sec->name, t.sym->name, k->sec->name);
			return -1;
		}
		if (key_is_read_only(c, k, r->offset - off, &t)) {
			cdo_refuse(
				c, t.sym->name,
				"__jump_table entry of an included function uses %s, a read-only-after-init static key: the module loader would write to it to link the patch's jump labels (use static_key_enabled(&%s) in the changed function)",
				t.sym->name, t.sym->name);
			return -1;
		}
		ret = cdo_need_target(c, r, &t, k->sec->name);
		if (ret < 0)
			return -1;
		more |= ret;
	}
	return more;
}

/**
 * cdo_special_mark() - keep the special-section entries of included code.
 * Return: >0 if their references included something new, 0, or -1.
 */
int cdo_special_mark(struct cdo *c)
{
	struct section *sec;
	int more = 0, ret;

	for_each_sec(c->patched, sec) {
		struct special_layout sp;
		struct kept *k;
		size_t i;

		if (sec_is_rela(sec) ||
		    !layout_special(&c->layout, sec->name, &sp))
			continue;
		if (!sec->data && sec->sh.sh_size) {
			cdo_fail(c, "special section %s has no contents",
				 sec->name);
			return -1;
		}
		k = kept_for(c, sec, &sp);
		if (!k)
			return -1;
		for (i = 0; i < k->nr; i++) {
			if (k->keep[i] || !entry_owned(k, i))
				continue;
			k->keep[i] = 1;
			ret = need_entry(c, k, i);
			if (ret < 0)
				return -1;
			more |= ret;
		}
	}
	return more;
}

/**
 * cdo_check_unknown_refs() - refuse when a section we do not know refers
 * to an included function: dropping its entry silently could break the
 * patched code (and keeping it blindly could break the kernel).
 */
int cdo_check_unknown_refs(struct cdo *c)
{
	struct section *sec;
	struct rela *r;
	size_t i;

	for_each_sec(c->patched, sec) {
		if (sec_is_rela(sec) || sec->include || sec_is_text(sec) ||
		    cdo_is_special_section(sec->name) ||
		    cdo_is_ignored_section(sec->name) ||
		    cdo_is_data_section(sec))
			continue;
		for_each_rela(sec, r, i)
		{
			struct target t;

			cdo_rela_target(r, &t);
			if (t.sym && t.sym->type == STT_FUNC &&
			    cdo_sym_included(t.sym)) {
				cdo_refuse(
					c, t.sym->name,
					"unknown special section %s refers to included function %s",
					sec->name, t.sym->name);
				break;
			}
		}
	}
	return 0;
}

static int write_alt_entry(struct cdo *c, struct section *osec, struct kept *k,
			   size_t i, struct section **orepl)
{
	unsigned long off = i * k->size;
	struct section *repl = alt_replacement(c);
	struct rela *rr = elf_find_rela_by_offset(
		k->sec, off + c->layout.alt_instr_repl_offset);
	unsigned char n =
		k->sec->data[off + c->layout.alt_instr_replacementlen];
	long noff, rstart, eoff;
	size_t j;

	if (!repl || !rr || !rr->sym || rr->sym->sec != repl) {
		cdo_fail(
			c,
			".altinstructions entry %zu: replacement not in .altinstr_replacement",
			i);
		return -1;
	}
	if (!*orepl) {
		*orepl = cdo_out_section(c, repl, repl->name);
		if (!*orepl)
			return -1;
	}
	rstart = rr->addend + (long)rr->sym->offset;
	if (rstart < 0 || (unsigned long)rstart + n > repl->sh.sh_size) {
		cdo_fail(c, ".altinstructions entry %zu: bad replacement range",
			 i);
		return -1;
	}
	noff = cdo_copy_range(c, *orepl, repl, rstart, n, 1);
	if (noff < 0)
		return -1;
	eoff = elf_section_append(osec, k->sec->data + off, k->size, 1);
	if (eoff < 0)
		return -1;
	j = elf_rela_lower_bound(k->sec, off);
	for (; j < k->sec->nr_relas && k->sec->relas[j]->offset < off + k->size;
	     j++) {
		struct rela *r = k->sec->relas[j];

		if (r == rr) {
			if (!elf_create_rela(
				    c->out, osec,
				    eoff + c->layout.alt_instr_repl_offset,
				    (*orepl)->sym, r->type, noff))
				return -1;
			continue;
		}
		if (cdo_emit_ref(c, osec, eoff + (r->offset - off), r))
			return -1;
	}
	return 0;
}

/* the .orc_unwind_ip entry in effect at @place of @isec: the last one at
 * or before it, or -1 */
static long orc_entry_at(struct kept *k, struct section *isec,
			 unsigned long place)
{
	unsigned long best_off = 0;
	long best = -1;
	size_t i;

	for (i = 0; i < k->nr; i++) {
		struct rela *r = elf_find_rela_by_offset(k->sec, i * k->size);
		long off;

		if (!r || !r->sym || r->sym->sec != isec)
			continue;
		off = (long)r->sym->offset + r->addend;
		if (off < 0 || (unsigned long)off > place ||
		    (best >= 0 && (unsigned long)off < best_off))
			continue;
		best = i;
		best_off = off;
	}
	return best;
}

/*
 * a veneer (cdo-write.c) is reached by a jump, with the stack as at the
 * jump: its ORC entry is a copy of the one in effect there
 */
static int write_veneer_orc(struct cdo *c, struct kept *k, struct section *orc,
			    struct section **osec, struct section **oorc)
{
	const struct cdo_veneer *v;
	size_t n = cdo_veneers(&v), i;

	for (i = 0; i < n; i++) {
		long e = orc_entry_at(k, v[i].isec, v[i].place), off;

		if (e < 0)
			continue;
		if (!orc || !orc->data ||
		    (size_t)(e + 1) * c->layout.orc_entry_size >
			    orc->sh.sh_size) {
			cdo_fail(c,
				 ".orc_unwind does not match .orc_unwind_ip");
			return -1;
		}
		if (!*osec)
			*osec = cdo_out_section(c, k->sec, k->sec->name);
		if (*osec && !*oorc)
			*oorc = cdo_out_section(c, orc, orc->name);
		if (!*osec || !*oorc)
			return -1;
		off = elf_section_append(*osec, NULL, 4, 1);
		if (off < 0 ||
		    !elf_create_rela(c->out, *osec, off, v[i].osec->sym,
				     R_X86_64_PC32, v[i].off) ||
		    elf_section_append(*oorc,
				       orc->data + e * c->layout.orc_entry_size,
				       c->layout.orc_entry_size, 1) < 0)
			return -1;
	}
	return 0;
}

/**
 * cdo_write_specials() - write the kept entries to the output object.
 */
int cdo_write_specials(struct cdo *c)
{
	struct section *orepl = NULL, *orc = NULL, *oorc = NULL;
	size_t ki, i;

	orc = elf_find_section_by_name(c->patched, ".orc_unwind");
	for (ki = 0; ki < nr_kept; ki++) {
		struct kept *k = &kept_tab[ki];
		struct section *osec = NULL;
		bool is_orc = !strcmp(k->sec->name, ".orc_unwind_ip");

		for (i = 0; i < k->nr; i++) {
			if (!k->keep[i])
				continue;
			if (!osec) {
				osec = cdo_out_section(c, k->sec, k->sec->name);
				if (!osec)
					return -1;
			}
			if (!strcmp(k->sec->name, ".altinstructions")) {
				if (write_alt_entry(c, osec, k, i, &orepl))
					return -1;
				continue;
			}
			if (cdo_copy_range(c, osec, k->sec, i * k->size,
					   entry_len(k, i),
					   k->sp.partial_last ? 8 : 1) < 0)
				return -1;
			if (!is_orc)
				continue;
			if (!orc || !orc->data ||
			    (i + 1) * c->layout.orc_entry_size >
				    orc->sh.sh_size) {
				cdo_fail(
					c,
					".orc_unwind does not match .orc_unwind_ip");
				return -1;
			}
			if (!oorc) {
				oorc = cdo_out_section(c, orc, orc->name);
				if (!oorc)
					return -1;
			}
			if (elf_section_append(
				    oorc,
				    orc->data + i * c->layout.orc_entry_size,
				    c->layout.orc_entry_size, 1) < 0)
				return -1;
		}
		if (is_orc && write_veneer_orc(c, k, orc, &osec, &oorc))
			return -1;
	}
	return 0;
}

/* entries of @sec (__bug_table, struct bug_entry of layout @l) owned by
 * @func, in order */
static size_t bug_entries(const struct kernel_layout *l, struct section *sec,
			  struct symbol *func, unsigned long *offs,
			  unsigned short *lines, size_t max)
{
	size_t n = 0, i;

	if (!sec->data)
		return 0;
	for (i = 0; i + l->bug_entry_size <= sec->sh.sh_size && n < max;
	     i += l->bug_entry_size) {
		struct rela *r = elf_find_rela_by_offset(sec, i);
		struct target t;

		if (!r)
			continue;
		cdo_rela_target(r, &t);
		if (t.sym != func)
			continue;
		offs[n] = t.off;
		lines[n] = sec->data[i + l->bug_entry_line] |
			   (sec->data[i + l->bug_entry_line + 1] << 8);
		n++;
	}
	return n;
}

/**
 * cdo_line_only_bugs() - report unchanged functions whose BUG/WARN entries
 * differ only in their line numbers ("line-only").
 */
void cdo_line_only_bugs(struct cdo *c)
{
	struct section *pb =
		elf_find_section_by_name(c->patched, "__bug_table");
	struct section *ob = elf_find_section_by_name(c->orig, "__bug_table");
	unsigned long po[64], oo[64];
	unsigned short pl[64], ol[64];
	struct symbol *s;
	size_t n, m, i;

	if (!pb || !ob)
		return;
	for_each_sym(c->patched, s)
	{
		if (s->type != STT_FUNC || s->status != ST_SAME || !s->twin)
			continue;
		n = bug_entries(&c->layout, pb, s, po, pl, 64);
		m = bug_entries(&c->layout, ob, s->twin, oo, ol, 64);
		if (n != m || !n)
			continue;
		for (i = 0; i < n; i++)
			if (pl[i] != ol[i])
				break;
		if (i < n)
			cdo_note(&c->line_only, s->name);
	}
}
