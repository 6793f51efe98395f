// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-kpatch.c - what a patch author tells the differ through the macros
 * of kmod/patch/kpatch-macros.h (same names as kpatch's).  Each macro
 * puts an entry in a section of the patched object only; those sections
 * are never compared and never written (cdo_is_ignored_section: ".kpatch.").
 *
 *   .kpatch.ignore.sections   KPATCH_IGNORE_SECTION("name"): pointers to
 *       section names.  After the comparison, the section and every
 *       changed symbol in it count as unchanged: nothing of it is
 *       replaced or refused (changed __init code, a changed variable),
 *       references to it from included code stay references to the
 *       running kernel's.  New symbols in it stay new.
 *   .kpatch.ignore.functions  KPATCH_IGNORE_FUNCTION(fn): pointers to
 *       functions.  After the comparison, fn and its clones/.cold parts
 *       count as unchanged (a note when fn did not change at all).
 *   .kpatch.ignore.statics    KPATCH_IGNORE_STATIC("name"): pointers to
 *       names of static local variables (without gcc's .N).  Before the
 *       comparison, every such local object of PATCHED.o loses its twin in
 *       ORIG.o: it is new, the patch module gets its own copy initialised
 *       as in the source, and every function using it differs (it is
 *       replaced, using the copy).  The running kernel's variable keeps
 *       its value and is no longer read by patched code.
 *   .kpatch.force             KPATCH_FORCE_UNSAFE(fn): refused.  kpatch
 *       skips the activeness (stack) check for fn; neither suture.ko nor
 *       the kernel's livepatch core has a per-function bypass, and
 *       pretending to honour it would be a silent change of meaning.
 *
 * A directive naming something the object lacks is refused, naming it.
 */
#include <stdio.h>
#include <string.h>

#include "cdo.h"

#define IGNORE_SECTIONS ".kpatch.ignore.sections"
#define IGNORE_FUNCTIONS ".kpatch.ignore.functions"
#define IGNORE_STATICS ".kpatch.ignore.statics"
#define FORCE_UNSAFE ".kpatch.force"

/* the string an entry's relocation points to, or NULL */
static const char *entry_string(const struct rela *r)
{
	struct target t;
	const unsigned char *s;
	size_t size;

	cdo_rela_target(r, &t);
	if (!t.string || !t.sec || !t.sec->data || t.off < 0)
		return NULL;
	size = t.sec->sh.sh_size;
	if ((size_t)t.off >= size)
		return NULL;
	s = t.sec->data + t.off;
	if (!memchr(s, 0, size - (size_t)t.off))
		return NULL;
	return (const char *)s;
}

/* the function an entry's relocation points to, or NULL */
static struct symbol *entry_func(const struct rela *r)
{
	struct target t;

	cdo_rela_target(r, &t);
	if (!t.sym || t.sym->type != STT_FUNC || !t.sym->sec || t.off)
		return NULL;
	return t.sym;
}

static bool same_base(const char *name, const char *base)
{
	char b[256];

	cdo_base_name(name, b, sizeof(b));
	return !strcmp(b, base);
}

/**
 * cdo_kpatch_statics() - KPATCH_IGNORE_STATIC: the named static locals of
 * PATCHED.o are not the original's (run between correlation and
 * comparison).
 */
void cdo_kpatch_statics(struct cdo *c)
{
	struct section *sec;
	struct symbol *s;
	struct rela *r;
	size_t i;

	sec = elf_find_section_by_name(c->patched, IGNORE_STATICS);
	if (!sec)
		return;
	for_each_rela(sec, r, i)
	{
		const char *name = entry_string(r);
		bool found = false;

		if (!name) {
			cdo_refuse(
				c, IGNORE_STATICS,
				"KPATCH_IGNORE_STATIC: entry %zu does not point to a name",
				i);
			continue;
		}
		for_each_sym(c->patched, s)
		{
			if (s->type != STT_OBJECT || s->bind != STB_LOCAL ||
			    !s->sec || !same_base(s->name, name))
				continue;
			found = true;
			if (!s->twin)
				continue;
			fprintf(stderr,
				"create-diff-object: KPATCH_IGNORE_STATIC: %s is a new variable of the patch (the kernel's %s keeps its value, unused by patched code)\n",
				s->name, s->twin->name);
			s->twin->twin = NULL;
			s->twin = NULL;
			/* its own section (-fdata-sections) is new too */
			if (s->sec->twin && s->sec->nr_syms == 1 &&
			    s->sec->syms[0] == s) {
				s->sec->twin->twin = NULL;
				s->sec->twin = NULL;
			}
		}
		if (!found)
			cdo_refuse(
				c, name,
				"KPATCH_IGNORE_STATIC(\"%s\"): the patched object has no static local variable of that name",
				name);
	}
}

static void mark_same(struct symbol *s)
{
	if (s->status == ST_CHANGED)
		s->status = ST_SAME;
}

static void ignore_sections(struct cdo *c)
{
	struct section *sec, *target;
	struct rela *r;
	size_t i, k;

	sec = elf_find_section_by_name(c->patched, IGNORE_SECTIONS);
	if (!sec)
		return;
	for_each_rela(sec, r, i)
	{
		const char *name = entry_string(r);

		if (!name) {
			cdo_refuse(
				c, IGNORE_SECTIONS,
				"KPATCH_IGNORE_SECTION: entry %zu does not point to a section name",
				i);
			continue;
		}
		target = elf_find_section_by_name(c->patched, name);
		if (!target) {
			cdo_refuse(
				c, name,
				"KPATCH_IGNORE_SECTION(\"%s\"): the patched object has no such section",
				name);
			continue;
		}
		fprintf(stderr,
			"create-diff-object: KPATCH_IGNORE_SECTION: changes in %s are ignored\n",
			name);
		if (target->status == ST_CHANGED)
			target->status = ST_SAME;
		for (k = 0; k < target->nr_syms; k++)
			mark_same(target->syms[k]);
	}
}

static void ignore_functions(struct cdo *c)
{
	struct section *sec;
	struct symbol *f, *s;
	struct rela *r;
	size_t i;

	sec = elf_find_section_by_name(c->patched, IGNORE_FUNCTIONS);
	if (!sec)
		return;
	for_each_rela(sec, r, i)
	{
		f = entry_func(r);
		if (!f) {
			cdo_refuse(
				c, IGNORE_FUNCTIONS,
				"KPATCH_IGNORE_FUNCTION: entry %zu does not point to a function of this object",
				i);
			continue;
		}
		if (f->status == ST_NEW) {
			cdo_refuse(
				c, f->name,
				"KPATCH_IGNORE_FUNCTION(%s): the function is new (the original object has no %s), there is no change to ignore",
				f->name, f->name);
			continue;
		}
		if (f->status != ST_CHANGED)
			fprintf(stderr,
				"create-diff-object: KPATCH_IGNORE_FUNCTION(%s): %s did not change (the macro is not needed)\n",
				f->name, f->name);
		else
			fprintf(stderr,
				"create-diff-object: KPATCH_IGNORE_FUNCTION: the change of %s is ignored (the kernel keeps its code)\n",
				f->name);
		mark_same(f);
		for_each_sym(c->patched, s)
		{
			if (s->type == STT_FUNC && s->sec &&
			    cdo_is_part_of(s, f))
				mark_same(s);
		}
	}
}

static void refuse_force(struct cdo *c)
{
	struct section *sec;
	struct symbol *f;
	struct rela *r;
	size_t i;

	sec = elf_find_section_by_name(c->patched, FORCE_UNSAFE);
	if (!sec)
		return;
	for_each_rela(sec, r, i)
	{
		f = entry_func(r);
		cdo_refuse(
			c, f ? f->name : FORCE_UNSAFE,
			"KPATCH_FORCE_UNSAFE(%s): not supported: suture.ko and the kernel's livepatch core check every replaced function on the stacks, with no per-function bypass; remove the macro (a function always on some stack: --model per-task, or patch its callees instead)",
			f ? f->name : "?");
	}
}

/**
 * cdo_kpatch_directives() - KPATCH_IGNORE_SECTION, KPATCH_IGNORE_FUNCTION
 * and KPATCH_FORCE_UNSAFE (run after the comparison, before the
 * classification).
 */
void cdo_kpatch_directives(struct cdo *c)
{
	ignore_sections(c);
	ignore_functions(c);
	refuse_force(c);
}
