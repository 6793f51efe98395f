// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-debug.c - the patched object's debug info in the output, so that
 * gdb, crash, drgn, perf and addr2line see the new code (its functions,
 * source lines, variables and types).
 *
 * Every .debug_* section of the patched object is copied whole.  Its
 * relocations are re-targeted to the output:
 *   - to another debug section (abbreviations, strings, line tables,
 *     range and location lists): the copy of that section;
 *   - to included code or data (a function's DW_AT_low_pc, a line
 *     program's DW_LNE_set_address, a range or frame entry, a variable's
 *     DW_OP_addr): its copy, wherever the output put it (a whole section,
 *     or a function or object taken alone out of a shared section);
 *   - to anything else (functions that were not included, the kernel's
 *     own variables, undefined symbols): dropped, and the place holds what
 *     a linker writes for a reference into a discarded section, 0, or 1 in
 *     .debug_ranges and .debug_loc (DWARF 4), where a 0 0 pair would end
 *     the list.  Tools read it as code that is not in this object.
 * No symbol is added for debug info: the module's undefined symbols stay
 * those of its code.
 */
#include <string.h>

#include "cdo.h"

static bool is_debug(const struct section *sec)
{
	return !strncmp(sec->name, ".debug", 6);
}

/* the output copy of a function/object holding input [@off, ...) of @isec,
 * or ending exactly at @off (the end of a range, .LFE) */
static struct symbol *copied_holder(struct section *isec, unsigned long off)
{
	struct symbol *s = elf_find_symbol_containing(isec, off);

	if (s && s->include && s->priv)
		return s;
	if (!off)
		return NULL;
	s = elf_find_symbol_containing(isec, off - 1);
	if (s && s->include && s->priv && s->offset + s->size == off)
		return s;
	return NULL;
}

/* where input position @isec+@off is in the output, or NULL */
static struct section *out_place(struct section *isec, long off, long *ooff)
{
	struct symbol *s, *o;

	if (!isec || off < 0)
		return NULL;
	if ((isec->include || is_debug(isec)) && isec->priv) {
		*ooff = off;
		return isec->priv;
	}
	s = copied_holder(isec, off);
	if (!s)
		return NULL;
	o = s->priv;
	*ooff = (long)o->offset + (off - (long)s->offset);
	return o->sec;
}

/* the value a dropped reference leaves at its place */
static void tombstone(struct section *osec, const struct rela *r)
{
	unsigned int w = elf_rela_width(r->type);
	bool lists = !strcmp(osec->name, ".debug_ranges") ||
		     !strcmp(osec->name, ".debug_loc");

	if (!osec->data || !w || r->offset + w > osec->sh.sh_size)
		return;
	memset(osec->data + r->offset, 0, w);
	if (lists)
		osec->data[r->offset] = 1;
}

static int retarget(struct cdo *c, struct section *osec, const struct rela *r)
{
	struct symbol *s = r->sym, *o;
	struct section *tsec;
	long toff;

	if (!s)
		return 0;
	o = s->type != STT_SECTION && s->include ? s->priv : NULL;
	if (o)
		return elf_create_rela(c->out, osec, r->offset, o, r->type,
				       r->addend) ?
			       0 :
			       -1;
	tsec = out_place(s->sec, (long)s->offset + r->addend, &toff);
	if (!tsec || !tsec->sym) {
		tombstone(osec, r);
		return 0;
	}
	return elf_create_rela(c->out, osec, r->offset, tsec->sym, r->type,
			       toff) ?
		       0 :
		       -1;
}

/**
 * cdo_write_debug() - copy the patched object's debug sections into
 * c->out, their relocations re-targeted to what the output holds.
 *
 * Runs after the code and data are in c->out (their input symbols' and
 * sections' ->priv point to the copies).  A patched object read without
 * its debug sections' contents (ELF_OPEN_SKIP_DEBUG) gives none.
 *
 * Return: 0, or -1 (reported through cdo_fail).
 */
int cdo_write_debug(struct cdo *c)
{
	struct section *sec, *osec;
	struct rela *r;
	size_t i;

	for_each_sec(c->patched, sec) {
		if (!is_debug(sec) || sec_is_rela(sec))
			continue;
		if (!sec->data && sec->sh.sh_type != SHT_NOBITS)
			continue;
		osec = cdo_out_section(c, sec, sec->name);
		if (!osec ||
		    elf_section_append(osec, sec->data, sec->sh.sh_size, 0) < 0)
			return -1;
		sec->priv = osec;
	}
	for_each_sec(c->patched, sec) {
		if (!is_debug(sec) || sec_is_rela(sec) || !sec->priv)
			continue;
		for_each_rela(sec, r, i)
		{
			if (retarget(c, sec->priv, r)) {
				cdo_fail(c, "%s+0x%lx: %s", sec->name,
					 r->offset, elf_last_error());
				return -1;
			}
		}
	}
	return 0;
}
