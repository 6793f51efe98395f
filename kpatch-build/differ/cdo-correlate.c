// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-correlate.c - pair ("twin") the symbols and sections of the
 * original and the patched object.
 *
 * Globals pair by name.  Locals pair by a key that survives gcc's
 * numbering: the name without its numeric components (x.3 -> x,
 * foo.constprop.1 -> foo.constprop) and, for numbered local objects
 * (static locals, __func__, __already_done ...), the function that uses
 * them (its key, the smallest if several do); __func__.N by its text.
 * When several candidates share a key, a read-only object with the same
 * bytes (and no relocations) wins first: gcc numbers such objects per
 * unit (NL_SET_ERR_MSG's __msg.N), so one added elsewhere renumbers the
 * others and their numbers say nothing; then an exact name match, else
 * file order.  Sections pair through the one function or object they
 * hold, else by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* does the dot-separated @name contain the component @part? */
static bool has_component(const char *name, const char *part)
{
	size_t n = strlen(part);
	const char *p = strchr(name, '.');

	while (p) {
		p++;
		if (!strncmp(p, part, n) && (p[n] == '.' || !p[n]))
			return true;
		p = strchr(p, '.');
	}
	return false;
}

bool cdo_is_cold(const char *name)
{
	return has_component(name, "cold");
}

bool cdo_is_clone(const char *name)
{
	return has_component(name, "cold") || has_component(name, "part") ||
	       has_component(name, "isra") ||
	       has_component(name, "constprop") ||
	       has_component(name, "lto_priv") ||
	       has_component(name, "localalias");
}

/* length of @name without a final ".cold" (or ".cold.N"), else 0 */
static size_t cold_parent_len(const char *name)
{
	size_t n = strlen(name);
	const char *p = strrchr(name, '.');

	/* .cold.N (older gcc): the component before the number */
	if (p && p != name && all_digits(p + 1, strlen(p + 1)))
		n = p - name;
	if (n > 5 && !strncmp(name + n - 5, ".cold", 5))
		return n - 5;
	return 0;
}

void cdo_base_name(const char *name, char *buf, size_t len)
{
	const char *dot = name[0] ? strchr(name + 1, '.') : NULL;
	size_t n = dot ? (size_t)(dot - name) : strlen(name);

	/* X.cold is X's, whatever X is (foo.constprop.0.cold) */
	if (cold_parent_len(name))
		n = cold_parent_len(name);

	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

/*
 * the name without its all-digit components, and without the __COUNTER__
 * digits of __UNIQUE_ID_<prefix><N> and of the BTF ID symbols
 * __BTF_ID__<kind>__<name>__<N><LINE> (btf_ids.h: BTF_ID, BTF_ID_FLAGS in
 * kfunc sets): they move when a patch adds a min(), BUILD_BUG_ON() or
 * anything else that counts
 */
static void canonical(const char *name, char *buf, size_t len)
{
	const char *p = name;
	size_t o = 0;

	while (*p && o + 1 < len) {
		const char *dot = strchr(p + 1, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		size_t keep = n;

		if (p != name && *p == '.' && all_digits(p + 1, n - 1))
			keep = 0;
		else if (p == name && (!strncmp(p, "__UNIQUE_ID_", 12) ||
				       !strncmp(p, "__BTF_ID__", 10)))
			while (keep > 12 && p[keep - 1] >= '0' &&
			       p[keep - 1] <= '9')
				keep--;
		if (keep > len - o - 1)
			keep = len - o - 1;
		memcpy(buf + o, p, keep);
		o += keep;
		p += n;
	}
	buf[o] = '\0';
}

static bool numbered(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name && all_digits(dot + 1, strlen(dot + 1));
}

struct symbol *cdo_func_at(struct section *sec, unsigned long off)
{
	struct symbol *s = elf_find_symbol_containing(sec, off);

	if (s && s->type == STT_FUNC)
		return s;
	return NULL;
}

/**
 * cdo_alias_primary() - the symbol that stands for all the function
 * symbols at one address (SYSCALL_DEFINE makes __do_sys_X, __x64_sys_X and
 * __ia32_sys_X aliases): the first global one, else the first.
 */
struct symbol *cdo_alias_primary(struct symbol *f)
{
	struct symbol *first = NULL;
	size_t i;

	if (!f->sec || f->type != STT_FUNC)
		return f;
	elf_sort_syms(f->sec);
	for (i = 0; i < f->sec->nr_syms; i++) {
		struct symbol *s = f->sec->syms[i];

		if (s->offset != f->offset || s->type != STT_FUNC ||
		    s->size != f->size)
			continue;
		if (s->bind != STB_LOCAL)
			return s;
		if (!first)
			first = s;
	}
	return first ? first : f;
}

/* ---- keys ---- */

struct keyent {
	char *key;
	struct symbol *sym;
	struct keyent *next;
};

struct keymap {
	struct keyent **b;
	size_t size;
};

static unsigned int hash_key(const char *s)
{
	unsigned int h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static bool skip_sym(const struct symbol *s)
{
	return s->type == STT_SECTION || s->type == STT_FILE || !s->name[0] ||
	       s->name[0] == '.';
}

/* keep the smallest owner name (deterministic when several use it) */
static void set_owner(struct symbol *obj, const char *owner)
{
	char *old = obj->priv;

	if (old && strcmp(owner, old) >= 0)
		return;
	obj->priv = strdup(owner);
	if (!obj->priv) {
		obj->priv = old;
		return;
	}
	free(old);
}

/* owner (function key) of each local numbered object, in obj->priv */
static void find_owners(struct elf *elf)
{
	struct section *sec;
	struct rela *r;
	size_t i;

	for_each_sec(elf, sec) {
		if (!sec_is_text(sec))
			continue;
		for_each_rela(sec, r, i)
		{
			struct target t;
			struct symbol *f;
			char buf[256];

			cdo_rela_target(r, &t);
			if (!t.sym || t.sym->bind != STB_LOCAL ||
			    t.sym->type != STT_OBJECT || !numbered(t.sym->name))
				continue;
			f = cdo_func_at(sec, r->offset);
			if (!f)
				continue;
			canonical(f->name, buf, sizeof(buf));
			set_owner(t.sym, buf);
		}
	}
}

/*
 * the text of a __func__.N / __PRETTY_FUNCTION__.N object, or NULL: it
 * names the one function it belongs to, so it pairs them even when
 * several functions use them (inlined helpers) and the numbers move
 */
static const char *func_name_text(const struct symbol *s, const char *can)
{
	const struct section *sec = s->sec;
	const char *p;

	if (s->type != STT_OBJECT ||
	    (strcmp(can, "__func__") && strcmp(can, "__PRETTY_FUNCTION__") &&
	     strcmp(can, "__FUNCTION__")))
		return NULL;
	if (!sec || !sec->data || !s->size ||
	    s->offset + s->size > sec->sh.sh_size)
		return NULL;
	p = (const char *)sec->data + s->offset;
	return memchr(p, '\0', s->size) ? p : NULL;
}

static char *sym_key(struct symbol *s)
{
	char buf[512], can[256];
	const char *text;

	if (s->bind != STB_LOCAL) {
		snprintf(buf, sizeof(buf), "G:%s", s->name);
	} else {
		canonical(s->name, can, sizeof(can));
		text = func_name_text(s, can);
		if (text)
			snprintf(buf, sizeof(buf), "L%d:%s=%s", s->type, can,
				 text);
		else
			snprintf(buf, sizeof(buf), "L%d:%s@%s", s->type, can,
				 s->priv ? (char *)s->priv : "");
	}
	return strdup(buf);
}

static int keymap_build(struct keymap *m, struct elf *elf)
{
	struct symbol *s;
	struct keyent **tail;

	m->size = 1024;
	while (m->size < elf->nr_symbols * 2)
		m->size *= 2;
	m->b = calloc(m->size, sizeof(*m->b));
	if (!m->b)
		return -1;
	for_each_sym(elf, s)
	{
		struct keyent *e;

		if (skip_sym(s))
			continue;
		e = calloc(1, sizeof(*e));
		if (!e)
			return -1;
		e->key = sym_key(s);
		e->sym = s;
		if (!e->key) {
			free(e);
			return -1;
		}
		/* append: keep file order within a key */
		tail = &m->b[hash_key(e->key) & (m->size - 1)];
		while (*tail)
			tail = &(*tail)->next;
		*tail = e;
	}
	return 0;
}

static void keymap_free(struct keymap *m)
{
	size_t i;

	for (i = 0; i < m->size; i++) {
		struct keyent *e = m->b[i], *n;

		for (; e; e = n) {
			n = e->next;
			free(e->key);
			free(e);
		}
	}
	free(m->b);
}

/* read-only objects of the same bytes, neither with relocations */
static bool same_constant(const struct symbol *a, const struct symbol *b)
{
	const struct symbol *s[2] = { a, b };

	if (a->size != b->size || !a->size)
		return false;
	for (int i = 0; i < 2; i++) {
		const struct section *sec = s[i]->sec;

		if (s[i]->type != STT_OBJECT || !sec || !sec->data ||
		    (sec->sh.sh_flags & SHF_WRITE) ||
		    s[i]->offset + s[i]->size > sec->sh.sh_size ||
		    elf_find_rela_in_range((struct section *)sec, s[i]->offset,
					   s[i]->size))
			return false;
	}
	return !memcmp(a->sec->data + a->offset, b->sec->data + b->offset,
		       a->size);
}

static void twin_syms(struct symbol *p, struct symbol *o)
{
	p->twin = o;
	o->twin = p;
}

static void correlate_symbols(struct cdo *c)
{
	struct keymap m = { 0 };
	struct symbol *s, *o;

	find_owners(c->orig);
	find_owners(c->patched);
	if (keymap_build(&m, c->orig)) {
		cdo_fail(c, "out of memory");
		keymap_free(&m);
		return;
	}
	/* first the numbered constants by content, then the rest */
	for (int pass = 0; pass < 2; pass++) {
		for_each_sym(c->patched, s)
		{
			struct keyent *e, *pick = NULL;
			char *key;

			if (skip_sym(s) || s->twin ||
			    (!pass &&
			     (s->bind != STB_LOCAL || !numbered(s->name))))
				continue;
			key = sym_key(s);
			if (!key) {
				cdo_fail(c, "out of memory");
				break;
			}
			e = m.b[hash_key(key) & (m.size - 1)];
			for (; e; e = e->next) {
				if (e->sym->twin || strcmp(e->key, key) ||
				    (!pass && !same_constant(s, e->sym)))
					continue;
				if (!strcmp(e->sym->name, s->name)) {
					pick = e;
					break;
				}
				if (!pick)
					pick = e;
			}
			free(key);
			if (pick)
				twin_syms(s, pick->sym);
		}
		if (c->error)
			break;
	}
	/* a symbol that changed binding (static <-> global) */
	for_each_sym(c->patched, s)
	{
		if (s->twin || skip_sym(s))
			continue;
		for (o = elf_find_symbol_by_name(c->orig, s->name); o;
		     o = elf_find_symbol_by_name_next(o)) {
			if (!o->twin && o->type == s->type) {
				twin_syms(s, o);
				break;
			}
		}
	}
	keymap_free(&m);
	for_each_sym(c->orig, s)
	{
		free(s->priv);
		s->priv = NULL;
	}
	for_each_sym(c->patched, s)
	{
		free(s->priv);
		s->priv = NULL;
	}
}

/* the one FUNC/OBJECT symbol a section holds, or NULL */
static struct symbol *only_symbol(struct section *sec)
{
	struct symbol *only = NULL;
	size_t i;

	for (i = 0; i < sec->nr_syms; i++) {
		struct symbol *s = sec->syms[i];

		if (s->type != STT_FUNC && s->type != STT_OBJECT)
			continue;
		if (cdo_is_cold(s->name) && only)
			continue;
		if (only)
			return NULL;
		only = s;
	}
	return only;
}

static void correlate_sections(struct cdo *c)
{
	struct section *p, *o;

	for_each_sec(c->patched, p) {
		struct symbol *s;

		if (sec_is_rela(p))
			continue;
		s = only_symbol(p);
		if (!s || !s->twin || !s->twin->sec)
			continue;
		o = s->twin->sec;
		if (o->twin || only_symbol(o) != s->twin)
			continue;
		p->twin = o;
		o->twin = p;
	}
	for_each_sec(c->patched, p) {
		if (p->twin || sec_is_rela(p))
			continue;
		o = elf_find_section_by_name(c->orig, p->name);
		if (o && !o->twin && !sec_is_rela(o)) {
			p->twin = o;
			o->twin = p;
		}
	}
	for_each_sec(c->patched, p) {
		if (p->twin && p->sym && p->twin->sym) {
			p->sym->twin = p->twin->sym;
			p->twin->sym->twin = p->sym;
		}
	}
}

/**
 * cdo_correlate() - set ->twin on the symbols and sections of both objects.
 *
 * Return: 0, or -1 on an internal error (reported).
 */
int cdo_correlate(struct cdo *c)
{
	correlate_symbols(c);
	correlate_sections(c);
	return c->error ? -1 : 0;
}
