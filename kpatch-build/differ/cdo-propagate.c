// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-propagate.c - replacement through callers.
 *
 * ftrace can only redirect a function that starts with "call __fentry__".
 * The kernel's `inline` implies notrace, so a changed out-of-line copy of
 * a static inline function has no ftrace entry: the body of a
 * SYSCALL_DEFINEn (__do_sys_NAME, called by the __x64_sys_NAME and
 * __ia32_sys_NAME stubs) or a small header helper whose address is passed
 * somewhere (ext4_es_is_delayed).  Such a copy F is replaced through its
 * callers instead:
 *
 *   - F must be STB_LOCAL and declared inline in the source, as the
 *     patched object's DWARF tells (a gcc clone F.constprop.0 / F.isra.0 /
 *     F.part.0 is looked up by its base name): DW_AT_inline of its
 *     DW_TAG_subprogram is DW_INL_declared_inlined or _not_inlined; gcc
 *     writes DW_AT_inline only with an abstract instance (F inlined or
 *     cloned somewhere), so else the declaration at DW_AT_decl_file:
 *     decl_line has "inline" before the name; else (a macro's declaration:
 *     SYSCALL_DEFINEn's __do_sys_NAME is never inlined) every reference to
 *     F is from traceable functions declared at F's own position;
 *   - F goes into the output as a NEW function (no .suture.funcs record,
 *     it is never redirected); its clones and .cold part come along;
 *   - every function of the patched object that refers to F (calls it or
 *     takes its address in code) is changed: it is replaced through ftrace
 *     and uses the new copy.  A referring function that is itself such an
 *     inline copy is handled the same way (recursively);
 *   - references from __init code and data are ignored (it has run), and
 *     from special sections (they describe F's own code);
 *   - refused: F global, F's address in any other data (an ops table: the
 *     old copy would stay reachable), a referring function without ftrace
 *     entry that is not an inline copy (notrace), or code that is no
 *     function (.altinstr_replacement).
 *
 * Without DWARF (the fuzz target reads objects from memory) nothing is
 * taken for inline: the usual "no ftrace entry" refusal stands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdo.h"
#include "cdo-dwarf.h"

/* what the patched object's DWARF says about one function name */
struct subprog {
	char *name;
	bool declared_inline; /* DW_AT_inline declared_(not_)inlined */
	char *file; /* DW_AT_decl_file/line/column, or NULL */
	int line, col;
	int source_inline; /* the declaration says inline: -1 unknown */
};

struct prop {
	struct cdo *c;
	bool dwarf_tried;
	struct subprog *subs;
	size_t nr_subs, cap_subs;
	struct symbol **work; /* copies whose references to scan */
	size_t nr_work, cap_work;
};

/* ---- DWARF: which subprograms were declared inline, and where ---- */

static struct subprog *find_sub(struct prop *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr_subs; i++)
		if (!strcmp(p->subs[i].name, name))
			return &p->subs[i];
	return NULL;
}

/* DW_AT_inline of @die, through DW_AT_abstract_origin/DW_AT_specification */
static bool declared_inline(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	Dwarf_Word inl;

	if (!dwarf_attr_integrate(die, DW_AT_inline, &attr) ||
	    dwarf_formudata(&attr, &inl))
		return false;
	return inl == DW_INL_declared_inlined ||
	       inl == DW_INL_declared_not_inlined;
}

/* the abstract instance, the out-of-line copy and each clone have a DIE */
static void add_sub(struct prop *p, Dwarf_Die *die, const char *comp_dir)
{
	const char *name = dwarf_diename(die), *file;
	struct subprog *sp;
	char *path;

	if (!name)
		return;
	sp = find_sub(p, name);
	if (!sp) {
		if (p->nr_subs == p->cap_subs) {
			p->cap_subs = p->cap_subs ? p->cap_subs * 2 : 256;
			p->subs = cdo_xrealloc(p->subs,
					       p->cap_subs * sizeof(*p->subs));
		}
		sp = &p->subs[p->nr_subs++];
		memset(sp, 0, sizeof(*sp));
		sp->name = cdo_xstrdup(name);
		sp->source_inline = -1;
	}
	sp->declared_inline |= declared_inline(die);
	file = dwarf_decl_file(die);
	if (sp->file || !file || dwarf_decl_line(die, &sp->line))
		return;
	if (dwarf_decl_column(die, &sp->col))
		sp->col = 0;
	if (file[0] == '/' || !comp_dir) {
		sp->file = cdo_xstrdup(file);
		return;
	}
	path = cdo_xrealloc(NULL, strlen(comp_dir) + strlen(file) + 2);
	sprintf(path, "%s/%s", comp_dir, file);
	sp->file = path;
}

static void scan_dies(struct prop *p, Dwarf_Die *cu)
{
	Dwarf_Attribute attr;
	const char *comp_dir;
	Dwarf_Die die;

	comp_dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
	if (dwarf_child(cu, &die))
		return;
	do {
		if (dwarf_tag(&die) == DW_TAG_subprogram)
			add_sub(p, &die, comp_dir);
	} while (!dwarf_siblingof(&die, &die));
}

static int scan_cu(Dwarf_Die *cu, void *arg)
{
	scan_dies(arg, cu);
	return 0;
}

/* read the patched object's DWARF once */
static void read_dwarf(struct prop *p)
{
	p->dwarf_tried = true;
	if (p->c->patched_path && !access(p->c->patched_path, R_OK) &&
	    cdo_dwarf_each_cu(p->c->patched_path, scan_cu, p) < 0 &&
	    p->c->verbose)
		fprintf(stderr,
			"create-diff-object: no DWARF in %s: inline copies cannot be told\n",
			p->c->patched_path);
}

/* ---- the declaration DWARF points to ---- */

static bool inline_token(const char *s, size_t n)
{
	static const char *const words[] = { "inline", "__inline", "__inline__",
					     "__always_inline", NULL };
	int i;

	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !strncmp(s, words[i], n))
			return true;
	return false;
}

static bool ident_char(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* does [@s, @e) hold the word inline (or a spelling of it)? */
static bool has_inline(const char *s, const char *e)
{
	while (s < e) {
		const char *w = s;

		while (s < e && ident_char(*s))
			s++;
		if (s > w && inline_token(w, s - w))
			return true;
		if (s == w)
			s++;
	}
	return false;
}

/* a line that ends a previous declaration, statement or comment */
static bool ends_decl(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return e == s || *s == '#' || e[-1] == ';' || e[-1] == '}' ||
	       e[-1] == '{' || e[-1] == '/';
}

/*
 * The declaration at DW_AT_decl_file:decl_line (the function's name is
 * at decl_column): does "inline" come before the name, on that line or
 * the lines continuing the same declaration above it?  1 yes, 0 no,
 * -1 the source cannot be read.
 */
static int source_says_inline(struct subprog *sp)
{
	const char *line, *e, *prev;
	size_t len = 0, got;
	char *buf = NULL;
	int i, ret;
	FILE *f;

	if (!sp->file || sp->line < 1)
		return -1;
	f = fopen(sp->file, "r");
	if (!f)
		return -1;
	do {
		buf = cdo_xrealloc(buf, len + 65536 + 1);
		got = fread(buf + len, 1, 65536, f);
		len += got;
	} while (got == 65536 && len < (64 << 20));
	fclose(f);
	buf[len] = '\0';
	for (line = buf, i = 1; i < sp->line && line; i++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line) {
		free(buf);
		return -1;
	}
	e = strchrnul(line, '\n');
	if (sp->col > 0 && sp->col - 1 < e - line)
		e = line + sp->col - 1;
	ret = has_inline(line, e);
	/* "static inline int\nname(...)": the lines above, same declaration */
	for (i = 0; !ret && i < 4 && line > buf; i++) {
		e = line - 1; /* its '\n' */
		for (prev = e; prev > buf && prev[-1] != '\n'; prev--)
			;
		if (ends_decl(prev, e))
			break;
		ret = has_inline(prev, e);
		line = prev;
	}
	free(buf);
	return ret;
}

/* DWARF of @f, or of the function it is a gcc clone of */
static struct subprog *sub_of(struct prop *p, const struct symbol *f)
{
	char base[256];

	if (!p->dwarf_tried)
		read_dwarf(p);
	cdo_base_name(f->name, base, sizeof(base));
	return find_sub(p, base);
}

/*
 * Was @f (or the function it is a gcc clone of) declared inline?
 * DW_AT_inline says so only when gcc made an abstract instance (it inlined
 * or cloned the function); a copy that is only called or address-taken
 * has no DW_AT_inline: then its declaration, where DWARF says it is,
 * tells.
 */
static bool is_inline_copy(struct prop *p, const struct symbol *f)
{
	struct subprog *sp = sub_of(p, f);

	if (!sp)
		return false;
	if (sp->declared_inline)
		return true;
	if (sp->source_inline < 0)
		sp->source_inline = source_says_inline(sp);
	return sp->source_inline > 0;
}

/* were @f and @g written by one macro expansion (same decl position)? */
static bool same_position(struct prop *p, const struct symbol *f,
			  const struct symbol *g)
{
	struct subprog *a = sub_of(p, f), *b = sub_of(p, g);

	return a && b && a != b && a->file && b->file && a->line == b->line &&
	       a->col == b->col && !strcmp(a->file, b->file);
}

/* ---- the copies and their callers ---- */

static void make_copy(struct prop *p, struct symbol *f, const char *why)
{
	struct cdo *c = p->c;
	struct symbol *s;

	if (f->status == ST_NEW)
		return;
	/* cdo_classify() includes it as new; no record (not ST_CHANGED) */
	f->status = ST_NEW;
	if (c->verbose)
		fprintf(stderr,
			"inline copy: %s has no ftrace entry (%s): included as a new function, no redirection\n",
			f->name, why);
	/* its .cold part and clones are its code: the module's copies */
	for_each_sym(c->patched, s)
	{
		if (s->type == STT_FUNC && s->sec && cdo_is_part_of(s, f) &&
		    s->status == ST_SAME)
			s->include = INC_YES;
	}
	if (p->nr_work == p->cap_work) {
		p->cap_work = p->cap_work ? p->cap_work * 2 : 16;
		p->work = cdo_xrealloc(p->work, p->cap_work * sizeof(*p->work));
	}
	p->work[p->nr_work++] = f;
}

static bool refers_to(const struct target *t, const struct symbol *f)
{
	if (t->sym)
		return t->sym->type == STT_FUNC &&
		       cdo_alias_primary(t->sym) == f;
	return t->sec && t->sec == f->sec && t->off >= (long)f->offset &&
	       t->off < (long)(f->offset + f->size);
}

/* the function whose code holds @off in @sec (a .cold part: its parent) */
static struct symbol *caller_at(struct cdo *c, struct section *sec,
				unsigned long off)
{
	struct symbol *g = cdo_func_at(sec, off);
	char name[256];
	size_t n;

	if (!g)
		return NULL;
	if (cdo_is_cold(g->name)) {
		n = strlen(g->name);
		if (n < 5 || n >= sizeof(name) ||
		    strcmp(g->name + n - 5, ".cold"))
			return NULL;
		memcpy(name, g->name, n - 5);
		name[n - 5] = '\0';
		g = cdo_find_func(c->patched, name);
		if (!g)
			return NULL;
	}
	return cdo_alias_primary(g);
}

/*
 * sections that describe the code their references point to (entries of
 * __bug_table, .orc_unwind_ip, ... ; .altinstr_aux jumps back into the
 * function using static_cpu_has): not callers.  .altinstr_replacement
 * can hold a call (alternative_call): whose it is cannot be told here.
 */
static bool own_code(const struct section *sec)
{
	if (!strcmp(sec->name, ".altinstr_replacement"))
		return false;
	return cdo_is_special_section(sec->name) ||
	       !strcmp(sec->name, ".altinstr_aux");
}

/* a reference to @f that needs nothing: from @f itself, its parts, new
 * code, or __init code */
static bool harmless(const struct symbol *f, const struct symbol *g)
{
	return g == f || cdo_is_part_of(g, f) || g->status == ST_NEW ||
	       !g->twin || !g->twin->sec || elf_is_init_section(g->sec->name) ||
	       elf_is_init_section(g->twin->sec->name);
}

/* what to do with each reference to an inline copy */
enum ref_mode {
	REF_APPLY, /* callers changed or copies; refuse the rest */
	REF_MACRO, /* only check: all callers traceable, at @f's position */
};

/* @g refers to the inline copy @f: replace it, or refuse */
static void caller(struct prop *p, struct symbol *f, struct symbol *g)
{
	struct cdo *c = p->c;
	char why[512];

	if (elf_func_calls_fentry(g->twin)) {
		if (g->status == ST_CHANGED)
			return;
		g->status = ST_CHANGED;
		cdo_note(&c->through, g->name);
		if (c->verbose)
			fprintf(stderr,
				"changed through callers: %s refers to %s (an inline copy without ftrace entry, new in the patch module): replaced so that it uses the new copy\n",
				g->name, f->name);
		return;
	}
	if (g->bind == STB_LOCAL && g->twin->bind == STB_LOCAL &&
	    !cdo_is_cold(g->name) && is_inline_copy(p, g)) {
		snprintf(why, sizeof(why), "declared inline, refers to %s",
			 f->name);
		make_copy(p, g, why);
		return;
	}
	cdo_refuse(
		c, f->name,
		"changed function %s has no ftrace entry, and %s, which refers to it, has none either (notrace): neither can be redirected",
		f->name, g->name);
}

/*
 * Every reference to @f in the patched object.  REF_APPLY: act on them;
 * returns 0.  REF_MACRO: returns 1 when @f is referred to only from
 * traceable functions declared at its own source position (one macro
 * expansion wrote them all), else 0.
 */
static int scan_refs(struct prop *p, struct symbol *f, enum ref_mode mode)
{
	struct cdo *c = p->c;
	struct section *sec;
	struct rela *r;
	int callers = 0;
	size_t i;

	for_each_sec(c->patched, sec) {
		if (sec_is_rela(sec) || !sec->nr_relas ||
		    cdo_is_ignored_section(sec->name) || own_code(sec) ||
		    elf_is_init_section(sec->name) ||
		    cdo_is_record_section(sec->name))
			continue;
		for_each_rela(sec, r, i)
		{
			struct symbol *g, *obj;
			struct target t;

			cdo_rela_target(r, &t);
			if (!refers_to(&t, f))
				continue;
			g = sec_is_text(sec) ? caller_at(c, sec, r->offset) :
					       NULL;
			if (g && harmless(f, g))
				continue;
			if (mode == REF_MACRO) {
				if (!g || !elf_func_calls_fentry(g->twin) ||
				    !same_position(p, f, g))
					return 0;
				callers++;
				continue;
			}
			if (g) {
				caller(p, f, g);
				continue;
			}
			obj = elf_find_symbol_containing(sec, r->offset);
			if (sec_is_text(sec))
				cdo_refuse(
					c, f->name,
					"changed function %s has no ftrace entry, and code in %s+0x%lx that is no function refers to it",
					f->name, sec->name, r->offset);
			else
				cdo_refuse(
					c, f->name,
					"changed function %s has no ftrace entry, and its address is stored in %s (section %s): the old copy would stay reachable through it",
					f->name, obj ? obj->name : sec->name,
					sec->name);
		}
	}
	return callers > 0;
}

/*
 * Is @f an out-of-line copy of an inline function?  DW_AT_inline says so
 * when gcc made an abstract instance (it inlined @f somewhere, or cloned
 * it); for a function declared inline that gcc never inlined it has no
 * DW_AT_inline at all.  That is SYSCALL_DEFINEn's __do_sys_NAME, written
 * by the macro at the same source position as the __x64_sys_NAME and
 * __ia32_sys_NAME stubs, its only callers: accepted too.
 */
static const char *inline_or_macro_body(struct prop *p, struct symbol *f)
{
	struct subprog *sp = sub_of(p, f);

	if (!sp)
		return NULL;
	if (sp->declared_inline)
		return "declared inline: DW_AT_inline";
	if (is_inline_copy(p, f))
		return "declared inline at its DW_AT_decl_file:decl_line";
	if (scan_refs(p, f, REF_MACRO))
		return "no DW_AT_inline (never inlined), written at the source position of its traceable callers: a macro such as SYSCALL_DEFINEn";
	return NULL;
}

/**
 * cdo_propagate() - turn changed inline copies without ftrace entry into
 * new functions and their callers into changed ones (see above).  Called
 * by cdo_classify() before it refuses functions without ftrace entry.
 */
int cdo_propagate(struct cdo *c)
{
	struct prop p = { .c = c };
	const char *why;
	struct symbol *s;
	size_t i;

	for_each_sym(c->patched, s)
	{
		if (s->type != STT_FUNC || !s->sec || !s->twin ||
		    !s->twin->sec || s->status != ST_CHANGED ||
		    cdo_alias_primary(s) != s || cdo_is_cold(s->name) ||
		    elf_is_init_section(s->sec->name) ||
		    elf_is_init_section(s->twin->sec->name) ||
		    elf_func_calls_fentry(s->twin))
			continue;
		why = inline_or_macro_body(&p, s);
		if (!why)
			continue; /* notrace: cdo_classify() refuses it */
		if (s->bind != STB_LOCAL || s->twin->bind != STB_LOCAL) {
			cdo_refuse(
				c, s->name,
				"changed function %s has no ftrace entry (declared inline) and is global: other objects may call the old copy",
				s->name);
			continue;
		}
		make_copy(&p, s, why);
	}
	/* p.work grows while callers turn out to be inline copies too */
	for (i = 0; i < p.nr_work; i++)
		scan_refs(&p, p.work[i], REF_APPLY);
	for (i = 0; i < p.nr_subs; i++) {
		free(p.subs[i].name);
		free(p.subs[i].file);
	}
	free(p.subs);
	free(p.work);
	return c->error ? -1 : 0;
}
