// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-compare.c - decide what changed between the two objects.
 *
 * A function is compared by its bytes and by what its relocations point
 * to, not by where: a call to a callee that moved, a string literal at
 * another offset of a merged string section, or a static local that gcc
 * numbered differently are not changes.  Relocation targets are first
 * normalised (cdo_rela_target): the assembler turns references to local
 * symbols into section+addend; we turn them back into symbol+offset.
 *
 * Data is compared per section (with -fdata-sections: per object).
 *
 * Line-only changes: when a function differs only in the immediates of
 * "mov $line, %esi" whose value goes straight into the line argument of
 * a helper that takes (file, line) (__might_sleep and friends; decoded in
 * cdo-insn.c), it is classified unchanged and reported as "line-only".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static bool in_string_section(const struct section *sec)
{
	return sec && sec_is_strings(sec);
}

/**
 * cdo_rela_target() - what relocation @r points to, as symbol + offset.
 *
 * For a section symbol, the symbol picked is the function or object that
 * contains the target (for PC-relative types the target is at least 4
 * bytes past the addend), else the one ending exactly there (an
 * end-of-function entry), else the first one; any symbol of the same
 * section gives the same address, so an imperfect pick never changes the
 * address (owners beyond the symbol's end are not its: see
 * cdo-special.c).  References into string sections stay section-relative
 * (->string).
 */
bool cdo_insn_relative(const struct rela *r)
{
	return elf_rela_is_pcrel(r->type) && r->sec && sec_is_text(r->sec);
}

/* bytes of immediate after a RIP-relative disp32 at @p, or -1 if unknown */
static int rip_imm_size(const unsigned char *d, unsigned long p)
{
	unsigned char modrm, op;
	bool p66;

	if (p < 2)
		return -1;
	modrm = d[p - 1];
	if ((modrm & 0xc7) != 0x05)
		return -1; /* not ModRM with RIP-relative disp32 */
	op = d[p - 2];
	p66 = (p >= 3 && d[p - 3] == 0x66) ||
	      (p >= 4 && d[p - 4] == 0x66 && (d[p - 3] & 0xf0) == 0x40);
	if (p >= 4 && d[p - 4] == 0x0f && d[p - 3] == 0x3a)
		return 1; /* 0f 3a xx: imm8 */
	if (p >= 3 && d[p - 3] == 0x0f)
		return op == 0xba ? 1 : 0; /* bt* $imm8 */
	switch (op) {
	case 0x80:
	case 0x82:
	case 0x83:
	case 0xc0:
	case 0xc1:
	case 0xc6:
	case 0x6b:
		return 1;
	case 0x81:
	case 0xc7:
	case 0x69:
		return p66 ? 2 : 4;
	case 0xf6:
		return ((modrm >> 3) & 7) <= 1 ? 1 : 0;
	case 0xf7:
		return ((modrm >> 3) & 7) <= 1 ? (p66 ? 2 : 4) : 0;
	default:
		return 0;
	}
}

/**
 * cdo_target_bias() - how far past its addend a relocation's target lies,
 * as a range [*lo, *hi]: 0 for absolute and data-table relocations; for a
 * PC-relative one in code, the bytes from the place to the end of the
 * instruction: decoded for RIP-relative operands (cmpb $0,x(%rip) -> 5),
 * 4 for branches, else somewhere in 4..8.
 */
void cdo_target_bias(const struct rela *r, long *lo, long *hi)
{
	int imm;

	*lo = *hi = 0;
	if (!cdo_insn_relative(r))
		return;
	*lo = 4;
	*hi = 8;
	if (elf_rela_width(r->type) != 4 || !r->sec->data)
		return;
	imm = rip_imm_size(r->sec->data, r->offset);
	if (r->offset >= 1 && (r->sec->data[r->offset - 1] == 0xe8 ||
			       r->sec->data[r->offset - 1] == 0xe9))
		imm = 0; /* call/jmp rel32 */
	if (imm >= 0)
		*lo = *hi = 4 + imm;
}

/*
 * the function (else object) that ends exactly at @off: the end-of-function
 * entries (ORC's terminator, objtool's) of a section shared by several
 * functions point there, outside every symbol
 */
static struct symbol *symbol_ending_at(struct section *sec, long off)
{
	struct symbol *obj = NULL;
	size_t i;

	for (i = 0; i < sec->nr_syms; i++) {
		struct symbol *s = sec->syms[i];

		if (!s->size || (long)(s->offset + s->size) != off)
			continue;
		if (s->type == STT_FUNC)
			return cdo_alias_primary(s);
		if (s->type == STT_OBJECT && !obj)
			obj = s;
	}
	return obj;
}

void cdo_rela_target(const struct rela *r, struct target *t)
{
	struct symbol *s = r->sym;
	long bias, hi;
	struct symbol *found;

	memset(t, 0, sizeof(*t));
	if (!s)
		return;
	cdo_target_bias(r, &bias, &hi);
	t->sec = s->sec;
	if (s->type != STT_SECTION) {
		if (in_string_section(s->sec) && s->type == STT_NOTYPE) {
			t->string = true;
			t->off = (long)s->offset + r->addend;
			return;
		}
		/* assembler labels (.LC5 in .rodata.cst16): anonymous data */
		if (s->sec && s->name[0] == '.' && s->type == STT_NOTYPE) {
			t->off = (long)s->offset + r->addend;
			return;
		}
		t->sym = s;
		t->off = r->addend;
		return;
	}
	if (!s->sec)
		return;
	if (in_string_section(s->sec)) {
		t->string = true;
		t->off = r->addend;
		return;
	}
	found = NULL;
	if (r->addend + bias >= 0)
		found = elf_find_symbol_containing(s->sec, r->addend + bias);
	if (!found && r->addend >= 0)
		found = elf_find_symbol_containing(s->sec, r->addend);
	if (!found && r->addend + bias > 0)
		found = symbol_ending_at(s->sec, r->addend + bias);
	if (!found && r->addend > 0)
		found = symbol_ending_at(s->sec, r->addend);
	if (!found) {
		size_t i;

		for (i = 0; i < s->sec->nr_syms && !found; i++)
			if (s->sec->syms[i]->type == STT_FUNC ||
			    s->sec->syms[i]->type == STT_OBJECT)
				found = s->sec->syms[i];
	}
	if (found) {
		t->sym = found;
		t->off = r->addend - (long)found->offset;
	} else {
		t->off = r->addend;
	}
}

/**
 * cdo_string_range() - the bytes of a string section a reference covers:
 * from the start of the string holding the first possible target to the
 * NUL ending the last one.  Return: false if out of bounds.
 */
bool cdo_string_range(struct section *sec, long off, const struct rela *r,
		      size_t *start, size_t *end)
{
	size_t size = sec->sh.sh_size;
	long lo, hi;

	cdo_target_bias(r, &lo, &hi);
	lo += off;
	hi += off;
	if (!sec->data || size == 0)
		return false;
	if (lo < 0)
		lo = 0;
	if (hi < lo)
		hi = lo;
	if ((size_t)lo >= size)
		return false;
	if ((size_t)hi >= size)
		hi = size - 1;
	*start = lo;
	while (*start > 0 && sec->data[*start - 1])
		(*start)--;
	*end = hi;
	while (*end < size && sec->data[*end])
		(*end)++;
	if (*end < size)
		(*end)++; /* include the NUL */
	return true;
}

static bool section_bytes_equal(struct section *a, struct section *b);

static bool strings_equal(const struct rela *pr, const struct target *pt,
			  const struct rela *orl, const struct target *ot)
{
	size_t ps, pe, os, oe;

	/* e.g. a pointer past the last string: compare the whole section */
	if (!cdo_string_range(pt->sec, pt->off, pr, &ps, &pe) ||
	    !cdo_string_range(ot->sec, ot->off, orl, &os, &oe))
		return pt->off == ot->off &&
		       section_bytes_equal(pt->sec, ot->sec);
	if (pe - ps != oe - os || pt->off - (long)ps != ot->off - (long)os)
		return false;
	return !memcmp(pt->sec->data + ps, ot->sec->data + os, pe - ps);
}

static bool section_bytes_equal(struct section *a, struct section *b)
{
	if (a->sh.sh_size != b->sh.sh_size || a->sh.sh_type != b->sh.sh_type)
		return false;
	if (!a->data || !b->data)
		return a->data == b->data;
	return !memcmp(a->data, b->data, a->sh.sh_size);
}

/*
 * UBSAN descriptors that differ only in the line of their source location
 * (struct source_location { const char *file; u32 line; u32 column; } at
 * their start): a moved line, the check is the same.
 */
static bool ubsan_line_only(struct section *a, struct section *b)
{
	const unsigned long line = 8, end = 12;

	if (!cdo_is_ubsan_section(a->name) || a->sh.sh_size != b->sh.sh_size ||
	    a->sh.sh_size < end || !a->data || !b->data)
		return false;
	return !memcmp(a->data, b->data, line) &&
	       !memcmp(a->data + end, b->data + end, a->sh.sh_size - end);
}

/* does @elf have KASAN descriptors?  gcc names them .data..LASAN0 (one
 * table a unit; a lookup in the name hash, not a walk of the sections) */
static bool has_kasan_globals(struct elf *elf)
{
	return elf_find_section_by_name(elf, ".data..LASAN0") != NULL;
}

/*
 * kasan_object() - the bounds of the instrumented global holding byte
 * @off of @sec, from the unit's KASAN descriptors.  With generic KASAN,
 * gcc gives string literals and other anonymous objects a redzone each
 * and puts them in a plain data section (.rodata), not in a merged string
 * section; each has a descriptor in .data..LASAN* (gcc's __asan_global:
 * beg, size, size_with_redzone, ...; beg relocated to the object).  So a
 * reference to one string is a reference to .rodata+off, and the section
 * grows with every literal a patch adds.  Return: true with the object's
 * [*start, *start + *len), false when no descriptor covers @off.
 */
static bool kasan_object(struct section *sec, long off, size_t *start,
			 size_t *len)
{
	struct section *d;
	size_t i;

	if (off < 0 || !sec->data || !has_kasan_globals(sec->elf))
		return false;
	for_each_sec(sec->elf, d) {
		if (strncmp(d->name, ".data..LASAN", 12) || !d->data)
			continue;
		for (i = 0; i < d->nr_relas; i++) {
			const struct rela *r = d->relas[i];
			unsigned long beg;
			uint64_t size, rz;

			if (!r->sym || r->sym->sec != sec ||
			    r->type != R_X86_64_64 ||
			    r->offset + 3 * sizeof(uint64_t) > d->sh.sh_size)
				continue;
			beg = (r->sym->type == STT_SECTION ? 0 :
							     r->sym->offset) +
			      r->addend;
			memcpy(&size, d->data + r->offset + 8, sizeof(size));
			memcpy(&rz, d->data + r->offset + 16, sizeof(rz));
			if (!size || size > rz || beg + rz > sec->sh.sh_size ||
			    (unsigned long)off < beg ||
			    (unsigned long)off >= beg + size)
				continue;
			*start = beg;
			*len = size;
			return true;
		}
	}
	return false;
}

/* the same KASAN-described object, at the same place of it, on each side */
static bool kasan_objects_equal(const struct rela *pr, const struct target *pt,
				const struct rela *orl, const struct target *ot,
				bool *known)
{
	size_t ps, pl, os, ol;
	long po, oo, hi;

	cdo_target_bias(pr, &po, &hi);
	cdo_target_bias(orl, &oo, &hi);
	po += pt->off;
	oo += ot->off;
	*known = kasan_object(pt->sec, po, &ps, &pl) &&
		 kasan_object(ot->sec, oo, &os, &ol);
	if (!*known)
		return false;
	return pl == ol && po - (long)ps == oo - (long)os &&
	       !memcmp(pt->sec->data + ps, ot->sec->data + os, pl);
}

/*
 * ubsan_equal() - two UBSAN descriptors (or type descriptors) say the same:
 * their bytes (the line aside) and what each of their relocations points
 * to (the file name, the type descriptors), compared as any target is.
 * Descriptors point to type descriptors and strings only: @depth bounds
 * the recursion all the same.
 */
static bool ubsan_equal(struct section *a, struct section *b)
{
	static int depth;
	bool eq = true;
	size_t i;

	if (!section_bytes_equal(a, b) && !ubsan_line_only(a, b))
		return false;
	elf_sort_relas(a);
	elf_sort_relas(b);
	if (a->nr_relas != b->nr_relas || depth > 4)
		return false;
	depth++;
	for (i = 0; eq && i < a->nr_relas; i++) {
		const struct rela *ra = a->relas[i];
		const struct rela *rb = b->relas[i];
		struct target ta, tb;

		if (ra->offset != rb->offset || ra->type != rb->type) {
			eq = false;
			break;
		}
		cdo_rela_target(ra, &ta);
		cdo_rela_target(rb, &tb);
		eq = cdo_targets_equal(ra, &ta, rb, &tb);
	}
	depth--;
	return eq;
}

/**
 * cdo_targets_equal() - do a patched and an original relocation point to
 * the same thing?
 */
bool cdo_targets_equal(const struct rela *pr, const struct target *pt,
		       const struct rela *orl, const struct target *ot)
{
	if (pt->string || ot->string)
		return pt->string && ot->string &&
		       strings_equal(pr, pt, orl, ot);
	if (pt->sym && ot->sym) {
		if (pt->off != ot->off)
			return false;
		if (pt->sym->bind != STB_LOCAL || ot->sym->bind != STB_LOCAL ||
		    !pt->sym->sec || !ot->sym->sec)
			return pt->sym->twin == ot->sym ||
			       !strcmp(pt->sym->name, ot->sym->name);
		/* a function's own data (its gcc constants, pr_debug
		 * descriptors) is part of it (objects are compared first, see
		 * cdo_compare) */
		return pt->sym->twin == ot->sym &&
		       !(cdo_owned_by_function(pt->sym) &&
			 pt->sym->status == ST_CHANGED);
	}
	if (pt->sym || ot->sym)
		return false;
	if (!pt->sec || !ot->sec)
		return pt->off == ot->off && pr->sym && orl->sym &&
		       !strcmp(pr->sym->name, orl->sym->name);
	/* UBSAN descriptors: by content, whatever gcc numbered them (a check
	 * added above renumbers every later .data..Lubsan_dataN) */
	if (cdo_is_ubsan_section(pt->sec->name) &&
	    cdo_is_ubsan_section(ot->sec->name))
		return pt->off == ot->off && ubsan_equal(pt->sec, ot->sec);
	/* anonymous data: same section, same bytes (the constant for merged
	 * constant sections, else the whole section) */
	if (pt->sec->twin != ot->sec)
		return false;
	if ((pt->sec->sh.sh_flags & SHF_MERGE) && pt->sec->sh.sh_entsize &&
	    pt->sec->data && ot->sec->data) {
		size_t n = pt->sec->sh.sh_entsize;
		long po, oo, hi;

		cdo_target_bias(pr, &po, &hi);
		cdo_target_bias(orl, &oo, &hi);
		po += pt->off;
		oo += ot->off;
		if (po < 0 || oo < 0 || po % n != oo % n ||
		    (pt->sec->sh.sh_entsize != ot->sec->sh.sh_entsize))
			return false;
		/* the whole constant the reference points into */
		po -= po % n;
		oo -= oo % n;
		return (size_t)po + n <= pt->sec->sh.sh_size &&
		       (size_t)oo + n <= ot->sec->sh.sh_size &&
		       !memcmp(pt->sec->data + po, ot->sec->data + oo, n);
	}
	if (!(pt->sec->sh.sh_flags & SHF_WRITE)) {
		bool known, eq = kasan_objects_equal(pr, pt, orl, ot, &known);

		if (known)
			return eq;
	}
	return pt->off == ot->off && (section_bytes_equal(pt->sec, ot->sec) ||
				      ubsan_line_only(pt->sec, ot->sec));
}

/* compare [poff, poff+len) of @p with [ooff, ooff+len) of @o, relocations
 * included; @diff gets a byte map of differing bytes when not NULL */
static bool range_equal(struct section *p, unsigned long poff,
			struct section *o, unsigned long ooff,
			unsigned long len, bool *relas_equal,
			unsigned char *diff)
{
	size_t pi = elf_rela_lower_bound(p, poff);
	size_t oi = elf_rela_lower_bound(o, ooff);
	bool bytes = true;
	unsigned long k;

	*relas_equal = true;
	for (;;) {
		struct rela *pr = pi < p->nr_relas ? p->relas[pi] : NULL;
		struct rela *orl = oi < o->nr_relas ? o->relas[oi] : NULL;
		struct target pt, ot;

		if (pr && pr->offset >= poff + len)
			pr = NULL;
		if (orl && orl->offset >= ooff + len)
			orl = NULL;
		if (!pr && !orl)
			break;
		if (!pr || !orl || pr->offset - poff != orl->offset - ooff ||
		    pr->type != orl->type) {
			*relas_equal = false;
			break;
		}
		cdo_rela_target(pr, &pt);
		cdo_rela_target(orl, &ot);
		if (!cdo_targets_equal(pr, &pt, orl, &ot)) {
			if (getenv("CDO_DEBUG"))
				fprintf(stderr,
					"debug: %s+0x%lx: %s%+ld (%s) vs %s%+ld (%s)\n",
					p->name, pr->offset,
					pt.sym ? pt.sym->name : "-", pt.off,
					pt.sec ? pt.sec->name : "-",
					ot.sym ? ot.sym->name : "-", ot.off,
					ot.sec ? ot.sec->name : "-");
			*relas_equal = false;
			break;
		}
		pi++;
		oi++;
	}
	if (!p->data || !o->data)
		return *relas_equal && !p->data == !o->data;
	for (k = 0; k < len; k++) {
		if (p->data[poff + k] == o->data[ooff + k])
			continue;
		/* bytes under a relocation are the assembler's business */
		if (elf_find_rela_in_range(p, poff + k, 1) &&
		    elf_find_rela_in_range(o, ooff + k, 1))
			continue;
		bytes = false;
		if (!diff)
			break;
		diff[k] = 1;
	}
	return bytes && *relas_equal;
}

/*
 * helpers whose second argument is a line number (in %esi).  Not
 * __warn_printk (WARN(cond, fmt) on x86): it takes none, the line is in
 * __bug_table (cdo_line_only_bugs)
 */
static const char *const line_takers[] = {
	"__might_sleep",  "__might_resched",   "__might_fault",	 "__cant_sleep",
	"__cant_migrate", "warn_slowpath_fmt", "___might_sleep", NULL,
};

static bool is_line_taker(const char *name)
{
	int k;

	for (k = 0; line_takers[k]; k++)
		if (!strcmp(name, line_takers[k]))
			return true;
	return false;
}

static bool calls_line_taker(struct section *sec, struct symbol *f)
{
	size_t i = elf_rela_lower_bound(sec, f->offset);

	for (; i < sec->nr_relas && sec->relas[i]->offset < f->offset + f->size;
	     i++) {
		struct symbol *s = sec->relas[i]->sym;

		if (s && is_line_taker(s->name))
			return true;
	}
	return false;
}

static void compare_function(struct cdo *c, struct symbol *p)
{
	struct symbol *o = p->twin;
	unsigned char *diff;
	bool relas_equal;

	if (!o || !o->sec || o->type != STT_FUNC) {
		p->status = ST_NEW;
		return;
	}
	if (p->size != o->size || p->offset + p->size > p->sec->sh.sh_size ||
	    o->offset + o->size > o->sec->sh.sh_size) {
		p->status = ST_CHANGED;
		return;
	}
	if (range_equal(p->sec, p->offset, o->sec, o->offset, p->size,
			&relas_equal, NULL)) {
		p->status = ST_SAME;
		return;
	}
	p->status = ST_CHANGED;
	if (!relas_equal || !p->sec->data || !calls_line_taker(p->sec, p))
		return;
	diff = calloc(1, p->size ? p->size : 1);
	if (!diff)
		return;
	range_equal(p->sec, p->offset, o->sec, o->offset, p->size, &relas_equal,
		    diff);
	if (relas_equal && cdo_insn_lines_only(c, p, o, diff, is_line_taker)) {
		p->status = ST_SAME;
		cdo_note(&c->line_only, p->name);
	}
	free(diff);
}

/* the bits of byte @k of a struct _ddebug that hold lineno (the target's
 * layout: a bit field in the 32-bit word at lineno.offset) */
static unsigned char lineno_bits(const struct kernel_layout *l, unsigned long k)
{
	unsigned long first = l->ddebug_lineno_offset * 8UL +
			      l->ddebug_lineno_shift,
		      end = first + l->ddebug_lineno_bits;
	unsigned char m = 0;
	unsigned int b;

	for (b = 0; b < 8; b++)
		if (k * 8 + b >= first && k * 8 + b < end)
			m |= 1u << b;
	return m;
}

/* a dynamic-debug descriptor that differs only in its line number */
static bool dyndbg_line_only(const struct kernel_layout *l, struct symbol *p,
			     struct symbol *o)
{
	unsigned long k;
	bool relas_equal, ok = true;
	unsigned char *diff;

	if (!p->sec->data || !o->sec->data || !p->size)
		return false;
	diff = calloc(1, p->size);
	if (!diff)
		return false;
	range_equal(p->sec, p->offset, o->sec, o->offset, p->size, &relas_equal,
		    diff);
	for (k = 0; k < p->size && ok; k++) {
		if (!diff[k])
			continue;
		ok = !((p->sec->data[p->offset + k] ^
			o->sec->data[o->offset + k]) &
		       ~lineno_bits(l, k));
	}
	free(diff);
	return ok && relas_equal;
}

/* data objects are compared one by one: several can share a section */
static void compare_object(struct cdo *c, struct symbol *p)
{
	struct symbol *o = p->twin;
	bool relas_equal;

	if (!o || !o->sec || o->type != STT_OBJECT) {
		p->status = ST_NEW;
		return;
	}
	if (p->size != o->size || p->sec->sh.sh_type != o->sec->sh.sh_type ||
	    p->offset + p->size > p->sec->sh.sh_size ||
	    o->offset + o->size > o->sec->sh.sh_size) {
		p->status = ST_CHANGED;
		return;
	}
	if (range_equal(p->sec, p->offset, o->sec, o->offset, p->size,
			&relas_equal, NULL)) {
		p->status = ST_SAME;
		return;
	}
	p->status = ST_CHANGED;
	if (!strcmp(p->sec->name, "__dyndbg") &&
	    dyndbg_line_only(&c->layout, p, o)) {
		p->status = ST_SAME;
		cdo_note(&c->line_only, p->name);
	}
}

static void compare_section(struct section *p)
{
	struct section *o = p->twin;
	bool relas_equal;

	if (!o) {
		p->status = ST_NEW;
		return;
	}
	if (p->sh.sh_size != o->sh.sh_size || p->sh.sh_type != o->sh.sh_type) {
		p->status = ST_CHANGED;
		return;
	}
	p->status = range_equal(p, 0, o, 0, p->sh.sh_size, &relas_equal, NULL) ?
			    ST_SAME :
			    ST_CHANGED;
}

/**
 * cdo_compare() - set ->status of every patched function symbol and every
 * patched section that is not a relocation, symbol or debug section.
 */
int cdo_compare(struct cdo *c)
{
	struct section *sec;
	struct symbol *sym;

	for_each_sec(c->patched, sec) {
		if (sec_is_rela(sec) || sec->sh.sh_type == SHT_SYMTAB ||
		    sec->sh.sh_type == SHT_STRTAB ||
		    cdo_is_ignored_section(sec->name))
			continue;
		compare_section(sec);
	}
	/* objects first: a function's own data (CSWTCH.N, its __dyndbg
	 * descriptors) is compared with it */
	for_each_sym(c->patched, sym)
	{
		if (sym->sec && sym->type == STT_OBJECT)
			compare_object(c, sym);
	}
	for_each_sym(c->patched, sym)
	{
		if (sym->sec && sym->type == STT_FUNC)
			compare_function(c, sym);
	}
	for_each_sym(c->orig, sym)
	{
		if (sym->type == STT_FUNC && sym->sec && !sym->twin)
			cdo_note(&c->removed, sym->name);
	}
	return c->error ? -1 : 0;
}
