// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-exports.c - what the kernel reads from a unit only at boot or when
 * modules link, never from a patch module: its exports and its initcalls.
 *
 * Exports (EXPORT_SYMBOL*, Linux 6.1): the symbol __ksymtab_NAME in
 * section ___ksymtab+NAME (___ksymtab_gpl+NAME for _GPL), and the
 * namespace string __kstrtabns_NAME ("" for none) in __ksymtab_strings.
 * The kernel's export table does not change while patched, so a new
 * export (modules would not find it), and an export whose licence or
 * namespace changes, are refused; an export the patch removes stays
 * exported (the function is still there, redirected when changed): said
 * on stderr.  With --private-exports (livepatch-build --update-to) a new
 * export is only noted: every unit of the update that calls it is in the
 * same patch module and links to its copy, and the running build's
 * modules, compiled without it, do not use it.
 *
 * Initcalls (.initcallN[s].init, .con_initcall.init, .exitcall.exit):
 * entries point to the function run at boot (shutdown).  They have run:
 * a new entry, or a function moved to another level, would silently
 * never run; refused, pointing to a post-patch callback.  A removed entry
 * changes nothing in a running kernel: said on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* one export or initcall entry: "NAME" and what it is */
struct entry {
	const char *name;
	char what[128];
};

struct entries {
	struct entry *v;
	size_t n;
};

static void add(struct entries *e, const char *name, const char *what)
{
	e->v = cdo_xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
	e->v[e->n].name = name;
	snprintf(e->v[e->n].what, sizeof(e->v[e->n].what), "%s", what);
	e->n++;
}

static const struct entry *find(const struct entries *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->v[i].name, name))
			return &e->v[i];
	return NULL;
}

/* the string a symbol labels in a string section, or "" */
static const char *label_string(struct symbol *s)
{
	struct section *sec = s->sec;

	if (!sec || !sec->data || s->offset >= sec->sh.sh_size ||
	    !memchr(sec->data + s->offset, 0, sec->sh.sh_size - s->offset))
		return "";
	return (const char *)sec->data + s->offset;
}

static void exports(struct elf *elf, struct entries *e)
{
	struct symbol *s, *ns;
	char what[128], name[160];

	for_each_sym(elf, s)
	{
		const char *kind;

		if (!starts(s->name, "__ksymtab_") || !s->sec ||
		    !starts(s->sec->name, "___ksymtab"))
			continue;
		kind = s->sec->name + strlen("___ksymtab");
		snprintf(name, sizeof(name), "__kstrtabns_%s", s->name + 10);
		ns = elf_find_symbol_by_name(elf, name);
		snprintf(what, sizeof(what), "EXPORT_SYMBOL%s%s%s%s",
			 starts(kind, "_gpl") ? "_GPL" : "",
			 ns && label_string(ns)[0] ? "_NS(" : "",
			 ns ? label_string(ns) : "",
			 ns && label_string(ns)[0] ? ")" : "");
		add(e, s->name + 10, what);
	}
}

static bool is_initcall_section(const char *name)
{
	return starts(name, ".initcall") || starts(name, ".con_initcall") ||
	       starts(name, ".exitcall");
}

/* "FUNC" -> "SECTION" for each initcall entry (by what it points to) */
static void initcalls(struct elf *elf, struct entries *e)
{
	struct section *sec;
	struct rela *r;
	size_t i;

	for_each_sec(elf, sec) {
		if (sec_is_rela(sec) || !is_initcall_section(sec->name))
			continue;
		for_each_rela(sec, r, i)
		{
			struct target t;

			if (!r->sym)
				continue;
			cdo_rela_target(r, &t);
			if (t.sym && t.sym->type == STT_FUNC)
				add(e, t.sym->name, sec->name);
			else
				add(e, r->sym->name, sec->name);
		}
	}
}

static void compare(struct cdo *c, struct entries *o, struct entries *p,
		    bool initcall)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *x = find(o, p->v[i].name);

		if (x && !strcmp(x->what, p->v[i].what))
			continue;
		if (initcall)
			cdo_refuse(
				c, p->v[i].name,
				"%s becomes an initcall (%s%s%s): initcalls "
				"ran at boot, a live patch never runs one; do "
				"the work in a post-patch callback "
				"(KPATCH_POST_PATCH_CALLBACK)",
				p->v[i].name, p->v[i].what, x ? ", was " : "",
				x ? x->what : "");
		else if (x)
			cdo_refuse(
				c, p->v[i].name,
				"the export of %s changes from %s to %s: the "
				"kernel's export table does not change while "
				"patched",
				p->v[i].name, x->what, p->v[i].what);
		else if (c->private_exports)
			fprintf(stderr,
				"create-diff-object: note: new export %s (%s) "
				"is not added to the kernel's export table: "
				"the patch module's own callers reach its "
				"copy (--private-exports)\n",
				p->v[i].name, p->v[i].what);
		else
			cdo_refuse(
				c, p->v[i].name,
				"new export %s (%s): a live patch cannot add "
				"to the kernel's export table (modules would "
				"not find it); leave the export out of the "
				"live patch",
				p->v[i].name, p->v[i].what);
	}
	for (size_t i = 0; i < o->n; i++)
		if (!find(p, o->v[i].name))
			fprintf(stderr,
				"create-diff-object: note: %s no longer %s in "
				"the patched source: %s\n",
				o->v[i].name,
				initcall ? "an initcall" : "exported",
				initcall ? "it has run already" :
					   "the kernel keeps exporting it "
					   "while patched");
}

/**
 * cdo_check_exports() - refuse new or changed exports and initcalls
 * (see the top of this file).
 * @c: the run, after correlation
 */
void cdo_check_exports(struct cdo *c)
{
	struct entries eo = { 0 }, ep = { 0 }, io = { 0 }, ip = { 0 };

	exports(c->orig, &eo);
	exports(c->patched, &ep);
	compare(c, &eo, &ep, false);
	initcalls(c->orig, &io);
	initcalls(c->patched, &ip);
	compare(c, &io, &ip, true);
	free(eo.v);
	free(ep.v);
	free(io.v);
	free(ip.v);
}
