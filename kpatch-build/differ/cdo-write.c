// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-write.c - build the output object: the included functions (one
 * section each), the included data sections (or, of a section shared with
 * existing data, only the included objects), the string literals the
 * included code uses (copied, never referenced in the original), the kept
 * special-section entries, and the intermediate format of
 * kmod/patch/suture-abi.h:
 *
 *   .suture.funcs    one struct suture_abi_func per replaced function
 *   .suture.relocs   one struct suture_abi_reloc per reference to a symbol
 *                    that was local in the original object (the place's
 *                    own relocation is dropped and its bytes zeroed)
 *   .suture.strings  the names both point to
 *   .suture.callbacks  copied from the patched object
 *
 * References to global symbols stay ordinary undefined symbols.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

struct strmap {
	struct section *in, *out;
	long *map; /* input string start -> output offset */
	long whole; /* output offset of a copy of the whole section */
};

static struct strmap *strmaps;
static size_t nr_strmaps;
static struct section *o_funcs, *o_relocs, *o_strings;
static struct cdo_veneer *veneers;
static size_t nr_veneers;

void cdo_write_free(void)
{
	size_t i;

	for (i = 0; i < nr_strmaps; i++)
		free(strmaps[i].map);
	free(strmaps);
	strmaps = NULL;
	nr_strmaps = 0;
	free(veneers);
	veneers = NULL;
	nr_veneers = 0;
	o_funcs = o_relocs = o_strings = NULL;
}

struct section *cdo_out_section(struct cdo *c, struct section *like,
				const char *name)
{
	struct section *s;

	s = elf_create_section(
		c->out, name, like->sh.sh_type,
		like->sh.sh_flags & ~(GElf_Xword)(SHF_GROUP | SHF_LINK_ORDER),
		like->sh.sh_entsize, like->sh.sh_addralign);
	if (!s)
		cdo_fail(c, "%s", elf_last_error());
	return s;
}

static long add_name(struct cdo *c, const char *name)
{
	long off = elf_section_append(o_strings, name, strlen(name) + 1, 1);

	if (off < 0)
		cdo_fail(c, "out of memory");
	return off;
}

static struct strmap *strmap_for(struct cdo *c, struct section *in)
{
	struct strmap *m;
	size_t i;

	for (i = 0; i < nr_strmaps; i++)
		if (strmaps[i].in == in)
			return &strmaps[i];
	m = realloc(strmaps, (nr_strmaps + 1) * sizeof(*strmaps));
	if (!m)
		return NULL;
	strmaps = m;
	m = &strmaps[nr_strmaps];
	m->in = in;
	/* strings are only ever in sections with contents (else: copied
	 * whole, see emit_string) */
	m->map = in->data ? malloc((in->sh.sh_size + 1) * sizeof(*m->map)) :
			    NULL;
	m->out = cdo_out_section(c, in, in->name);
	if ((in->data && !m->map) || !m->out) {
		free(m->map);
		return NULL;
	}
	for (i = 0; m->map && i <= in->sh.sh_size; i++)
		m->map[i] = -1;
	m->whole = -1;
	nr_strmaps++;
	return m;
}

/* copy the string(s) a reference covers; return the output offset that
 * corresponds to input offset @start (set by cdo_string_range) */
static int emit_string(struct cdo *c, struct section *osec, unsigned long ooff,
		       const struct rela *r, const struct target *t)
{
	struct strmap *m = strmap_for(c, t->sec);
	size_t start, end;
	long out;

	if (!m) {
		cdo_fail(c, "out of memory");
		return -1;
	}
	if (!cdo_string_range(t->sec, t->off, r, &start, &end)) {
		/* not inside one string (e.g. the end of the last one): keep
		 * the whole section, and the offset */
		if (m->whole < 0)
			m->whole = elf_section_append(m->out, t->sec->data,
						      t->sec->sh.sh_size, 1);
		if (m->whole < 0)
			return -1;
		return elf_create_rela(c->out, osec, ooff, m->out->sym, r->type,
				       m->whole + t->off) ?
			       0 :
			       -1;
	}
	out = m->map[start];
	if (out < 0 || m->map[end] < 0 ||
	    m->map[end] - out != (long)(end - start)) {
		out = elf_section_append(m->out, t->sec->data + start,
					 end - start, 1);
		if (out < 0)
			return -1;
		m->map[start] = out;
		m->map[end] = out + (end - start);
	}
	return elf_create_rela(c->out, osec, ooff, m->out->sym, r->type,
			       out + (t->off - (long)start)) ?
		       0 :
		       -1;
}

static struct symbol *undefined_sym(struct cdo *c, const char *name,
				    unsigned char bind)
{
	struct symbol *s;

	for (s = elf_find_symbol_by_name(c->out, name); s;
	     s = elf_find_symbol_by_name_next(s))
		if (s->bind != STB_LOCAL)
			return s;
	return elf_create_symbol(c->out, name,
				 bind == STB_WEAK ? STB_WEAK : STB_GLOBAL,
				 STT_NOTYPE, NULL, 0, 0);
}

static int emit_reloc_record(struct cdo *c, struct section *osec,
			     unsigned long ooff, const struct rela *r,
			     const char *name, long addend)
{
	struct suture_abi_reloc rec;
	unsigned int w = elf_rela_width(r->type);
	long roff, noff;

	if (!w) {
		cdo_fail(
			c,
			"%s+0x%lx: relocation type %u to local %s is not supported",
			r->sec->name, r->offset, r->type, name);
		return -1;
	}
	if (osec->data)
		memset(osec->data + ooff, 0, w);
	memset(&rec, 0, sizeof(rec));
	rec.type = r->type;
	rec.flags = SUTURE_ABI_RELOC_LOCAL;
	rec.addend = addend;
	noff = add_name(c, name);
	roff = elf_section_append(o_relocs, &rec, sizeof(rec), 8);
	if (noff < 0 || roff < 0)
		return -1;
	if (!elf_create_rela(c->out, o_relocs,
			     roff + offsetof(struct suture_abi_reloc, place),
			     osec->sym, R_X86_64_64, ooff) ||
	    !elf_create_rela(c->out, o_relocs,
			     roff + offsetof(struct suture_abi_reloc, name),
			     o_strings->sym, R_X86_64_64, noff))
		return -1;
	return 0;
}

/**
 * cdo_emit_ref() - reproduce input relocation @r at @osec+@ooff.
 *
 * Return: 0, or -1 (reported through cdo_fail).
 */
int cdo_emit_ref(struct cdo *c, struct section *osec, unsigned long ooff,
		 const struct rela *r)
{
	struct target t;
	struct symbol *s, *o;

	cdo_rela_target(r, &t);
	if (!r->sym)
		return 0;
	if (t.string)
		return emit_string(c, osec, ooff, r, &t);
	if (!t.sym) {
		if (!t.sec) { /* undefined section symbol?  keep name */
			s = undefined_sym(c, r->sym->name, STB_GLOBAL);
			goto out;
		}
		if (!t.sec->include || !t.sec->priv) {
			cdo_fail(
				c,
				"%s+0x%lx: refers to %s, which is not in the output",
				r->sec->name, r->offset, t.sec->name);
			return -1;
		}
		s = ((struct section *)t.sec->priv)->sym;
		goto out;
	}
	if (cdo_sym_included(t.sym)) {
		s = t.sym->priv;
		if (!s) {
			cdo_fail(c,
				 "internal: included %s has no output symbol",
				 t.sym->name);
			return -1;
		}
		goto out;
	}
	o = t.sym->twin;
	if (t.sym->sec && o && o->bind == STB_LOCAL)
		return emit_reloc_record(c, osec, ooff, r, o->name, t.off);
	if (t.sym->sec && !o && t.sym->bind == STB_LOCAL) {
		cdo_fail(
			c,
			"%s+0x%lx: local %s is neither included nor in the original",
			r->sec->name, r->offset, t.sym->name);
		return -1;
	}
	s = undefined_sym(c, o ? o->name : t.sym->name, t.sym->bind);
out:
	if (!s)
		return -1;
	return elf_create_rela(c->out, osec, ooff, s, r->type, t.off) ? 0 : -1;
}

long cdo_copy_range(struct cdo *c, struct section *osec, struct section *isec,
		    unsigned long off, unsigned long len, size_t align)
{
	long noff = elf_section_append(
		osec, isec->data ? isec->data + off : NULL, len, align);
	size_t i;

	if (noff < 0) {
		cdo_fail(c, "out of memory");
		return -1;
	}
	i = elf_rela_lower_bound(isec, off);
	for (; i < isec->nr_relas && isec->relas[i]->offset < off + len; i++)
		if (cdo_emit_ref(c, osec, noff + (isec->relas[i]->offset - off),
				 isec->relas[i]))
			return -1;
	return noff;
}

static unsigned int funcs_in(struct section *sec)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < sec->nr_syms; i++)
		n += sec->syms[i]->type == STT_FUNC &&
		     cdo_alias_primary(sec->syms[i]) == sec->syms[i];
	return n;
}

/* an object included alone out of a shared data section (not included) */
static bool split_object(const struct symbol *s)
{
	return s->type == STT_OBJECT && s->include && s->sec &&
	       !s->sec->include;
}

/*
 * pass 1 for split objects: their bytes, at their alignment (that of
 * their offset, at most the section's), in an output section of the input
 * section's name (.data..percpu must keep its name), one per input section
 */
static int copy_split_objects(struct cdo *c)
{
	struct symbol *s;

	for_each_sym(c->patched, s)
	{
		struct section *osec = s->sec ? s->sec->priv : NULL;
		size_t align = s->sec ? s->sec->sh.sh_addralign : 1;
		long off;

		if (!split_object(s))
			continue;
		if (!osec) {
			osec = cdo_out_section(c, s->sec, s->sec->name);
			if (!osec)
				return -1;
			s->sec->priv = osec;
		}
		while (align > 1 && s->offset % align)
			align /= 2;
		off = elf_section_append(
			osec, s->sec->data ? s->sec->data + s->offset : NULL,
			s->size, align);
		if (off < 0)
			return -1;
		s->priv = elf_create_symbol(c->out, s->name, s->bind, s->type,
					    osec, off, s->size);
		if (!s->priv)
			return -1;
	}
	return 0;
}

/* pass 1: sections and symbols (bytes only) */
static int copy_objects(struct cdo *c)
{
	struct section *sec, *osec;
	struct symbol *s;
	char name[1024];
	size_t i;

	for_each_sym(c->patched, s)
	{
		if (s->type != STT_FUNC || !s->include || !s->sec ||
		    s->sec->include || cdo_alias_primary(s) != s)
			continue;
		if (funcs_in(s->sec) == 1)
			snprintf(name, sizeof(name), "%s", s->sec->name);
		else
			snprintf(name, sizeof(name), "%s.%s", s->sec->name,
				 s->name);
		osec = cdo_out_section(c, s->sec, name);
		if (!osec ||
		    elf_section_append(osec,
				       s->sec->data ? s->sec->data + s->offset :
						      NULL,
				       s->size, 0) < 0)
			return -1;
		s->priv = elf_create_symbol(c->out, s->name, s->bind, STT_FUNC,
					    osec, 0, s->size);
		if (!s->priv)
			return -1;
	}
	/* aliases: more names for the primary's copy */
	for_each_sym(c->patched, s)
	{
		struct symbol *p;

		if (s->type != STT_FUNC || !s->include || !s->sec ||
		    s->sec->include || s->priv)
			continue;
		p = cdo_alias_primary(s);
		if (p == s || !p->priv)
			continue;
		s->priv = elf_create_symbol(c->out, s->name, s->bind, STT_FUNC,
					    ((struct symbol *)p->priv)->sec, 0,
					    s->size);
		if (!s->priv)
			return -1;
	}
	if (copy_split_objects(c))
		return -1;
	for_each_sec(c->patched, sec) {
		if (!sec->include)
			continue;
		osec = cdo_out_section(c, sec, sec->name);
		if (!osec ||
		    elf_section_append(osec, sec->data, sec->sh.sh_size, 0) < 0)
			return -1;
		sec->priv = osec;
		for (i = 0; i < sec->nr_syms; i++) {
			s = sec->syms[i];
			if (s->type == STT_SECTION || s->type == STT_FILE)
				continue;
			s->priv = elf_create_symbol(c->out, s->name, s->bind,
						    s->type, osec, s->offset,
						    s->size);
			if (!s->priv)
				return -1;
		}
	}
	return 0;
}

size_t cdo_veneers(const struct cdo_veneer **v)
{
	*v = veneers;
	return nr_veneers;
}

/*
 * A short jump out of a function of a shared section (cdo-insn.c gave it
 * an R_X86_64_PC8 relocation; no rel32 fits in its place) jumps to a
 * veneer appended to the copy, "jmp rel32" to the target, after one int3
 * (the function's own end entry stays apart from the veneers' ORC
 * entries).  The k-th veneer is at size + 1 + 5 * k, which cdo-insn.c
 * checked is within reach.
 */
static int emit_veneer(struct cdo *c, struct symbol *f, struct section *osec,
		       const struct rela *r)
{
	static const unsigned char jmp[5] = { 0xe9 };
	unsigned long place = r->offset - f->offset;
	struct rela rel32 = *r;
	struct cdo_veneer *v;
	long off, disp;

	if (osec->sh.sh_size == f->size &&
	    elf_section_append(osec, "\xcc", 1, 1) < 0)
		return -1;
	off = elf_section_append(osec, jmp, sizeof(jmp), 1);
	if (off < 0 || !osec->data)
		return -1;
	disp = off - (long)(place + 1);
	if (disp > 127) {
		cdo_fail(c, "%s+0x%lx: internal: veneer out of reach", f->name,
			 place);
		return -1;
	}
	osec->data[place] = (unsigned char)disp;
	v = realloc(veneers, (nr_veneers + 1) * sizeof(*veneers));
	if (!v)
		return -1;
	veneers = v;
	v[nr_veneers].osec = osec;
	v[nr_veneers].off = off;
	v[nr_veneers].isec = f->sec;
	v[nr_veneers].place = r->offset;
	nr_veneers++;
	rel32.type = R_X86_64_PLT32;
	rel32.addend = r->addend - 3; /* from the end of a 4-byte field */
	return cdo_emit_ref(c, osec, off + 1, &rel32);
}

/* pass 2: the relocations of what pass 1 copied */
static int copy_relas(struct cdo *c)
{
	struct section *sec;
	struct symbol *s;
	size_t i;

	for_each_sym(c->patched, s)
	{
		struct section *osec;

		if (s->type != STT_FUNC || !s->include || !s->sec ||
		    s->sec->include || cdo_alias_primary(s) != s)
			continue;
		osec = ((struct symbol *)s->priv)->sec;
		i = elf_rela_lower_bound(s->sec, s->offset);
		for (; i < s->sec->nr_relas &&
		       s->sec->relas[i]->offset < s->offset + s->size;
		     i++) {
			struct rela *r = s->sec->relas[i];

			if (r->type == R_X86_64_PC8 && sec_is_text(s->sec) ?
				    emit_veneer(c, s, osec, r) :
				    cdo_emit_ref(c, osec, r->offset - s->offset,
						 r))
				return -1;
		}
	}
	for_each_sym(c->patched, s)
	{
		struct symbol *o = s->priv;

		if (!split_object(s))
			continue;
		i = elf_rela_lower_bound(s->sec, s->offset);
		for (; i < s->sec->nr_relas &&
		       s->sec->relas[i]->offset < s->offset + s->size;
		     i++)
			if (cdo_emit_ref(c, o->sec,
					 o->offset + s->sec->relas[i]->offset -
						 s->offset,
					 s->sec->relas[i]))
				return -1;
	}
	for_each_sec(c->patched, sec) {
		struct rela *r;

		if (!sec->include)
			continue;
		for_each_rela(sec, r,
			      i) if (cdo_emit_ref(c, sec->priv, r->offset,
						  r)) return -1;
	}
	return 0;
}

static int write_funcs(struct cdo *c)
{
	struct symbol *s;

	for_each_sym(c->patched, s)
	{
		struct suture_abi_func rec;
		long off, noff;

		if (s->type != STT_FUNC || s->status != ST_CHANGED ||
		    !s->include || cdo_is_cold(s->name) || !s->twin ||
		    cdo_alias_primary(s) != s)
			continue;
		memset(&rec, 0, sizeof(rec));
		rec.old_size = s->twin->size;
		noff = add_name(c, s->twin->name);
		off = elf_section_append(o_funcs, &rec, sizeof(rec), 8);
		if (noff < 0 || off < 0)
			return -1;
		if (!elf_create_rela(c->out, o_funcs,
				     off + offsetof(struct suture_abi_func,
						    new_func),
				     s->priv, R_X86_64_64, 0) ||
		    !elf_create_rela(c->out, o_funcs,
				     off + offsetof(struct suture_abi_func,
						    name),
				     o_strings->sym, R_X86_64_64, noff))
			return -1;
	}
	return 0;
}

/**
 * cdo_write() - build c->out from the included set and write it.
 */
int cdo_write(struct cdo *c)
{
	c->out = elf_create();
	if (!c->out) {
		cdo_fail(c, "%s", elf_last_error());
		return -1;
	}
	if (c->patched->ehdr.e_flags)
		c->out->ehdr.e_flags = c->patched->ehdr.e_flags;
	o_funcs = elf_create_section(c->out, SUTURE_ABI_FUNCS_SECTION,
				     SHT_PROGBITS, SHF_ALLOC, 0, 8);
	o_relocs = elf_create_section(c->out, SUTURE_ABI_RELOCS_SECTION,
				      SHT_PROGBITS, SHF_ALLOC, 0, 8);
	o_strings = elf_create_section(c->out, SUTURE_ABI_STRINGS_SECTION,
				       SHT_PROGBITS, SHF_ALLOC, 0, 1);
	if (!o_funcs || !o_relocs || !o_strings) {
		cdo_fail(c, "%s", elf_last_error());
		return -1;
	}
	if (copy_objects(c) || copy_relas(c) || cdo_write_specials(c) ||
	    write_funcs(c) || cdo_write_debug(c)) {
		if (!c->error && !c->nr_refusals)
			cdo_fail(c, "building the output: %s",
				 elf_last_error());
		return -1;
	}
	if (!o_relocs->sh.sh_size)
		o_relocs->omit = true;
	if (!o_funcs->sh.sh_size)
		o_funcs->omit = true;
	if (!o_strings->sh.sh_size)
		o_strings->omit = true;
	if (getenv("CDO_DEBUG")) {
		struct section *sec;

		for_each_sec(c->out, sec)
			fprintf(stderr, "debug: output %s: %lu bytes\n",
				sec->name, (unsigned long)sec->sh.sh_size);
	}
	if (elf_write(c->out, c->out_path)) {
		cdo_fail(c, "%s", elf_last_error());
		return -1;
	}
	return 0;
}
