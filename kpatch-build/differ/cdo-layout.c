// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-layout.c - struct and union layout changes (type safety in the
 * manner of Ginseng): objects that exist when a patch is applied keep
 * the layout the original code gave them, so new code that reads a
 * member at another offset, of another type, or past the old end reads
 * garbage.  From the DWARF of both objects, every named struct/union
 * both define is compared: size, and each member's name, position
 * (byte and bit offset) and type (spelled from DWARF: "int",
 * "struct sock *", "u32[4]", an anonymous struct member by its members).
 * A type the patched object calls by another name is paired with the
 * original through the functions that use it: the same parameter or
 * variable of a changed function whose type is struct A in the original
 * and struct B in the patched object makes A and B one type (a renamed
 * type with the same layout is no change; a renamed one with another
 * layout is).  Each change is refused, naming the type, its first
 * differing member and the changed or new functions whose parameters or
 * variables (inlined code included) use it, with the ways out: a shadow
 * variable for new state, or --allow-layout-change TYPE when no object of
 * the type exists, or none is used, while the patch is applied.
 * Without DWARF in either object (the fuzz target) nothing is checked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "cdo-dwarf.h"

#define TYPE_STR 256 /* a member's type, spelled */
#define MAX_DEPTH 4 /* anonymous types inside anonymous types */

struct member {
	char *name;
	uint64_t pos; /* bit position in the type */
	uint64_t bits; /* bit-field width, 0: none */
	char *type;
};

struct layout {
	char *key; /* "struct NAME" / "union NAME" */
	uint64_t size;
	struct member *m;
	size_t n;
};

/* a parameter or variable of a function, and the struct it uses */
struct use {
	char *func; /* DW_AT_name of the subprogram (a clone's base name) */
	char *var;
	char *key;
};

struct types {
	struct layout *v;
	size_t n, cap;
	struct use *u;
	size_t nu, capu;
};

static const char *die_name(Dwarf_Die *d)
{
	Dwarf_Attribute a;

	return dwarf_formstring(dwarf_attr_integrate(d, DW_AT_name, &a));
}

static bool die_type(Dwarf_Die *d, Dwarf_Die *t)
{
	Dwarf_Attribute a;

	return dwarf_formref_die(dwarf_attr_integrate(d, DW_AT_type, &a), t);
}

static uint64_t die_udata(Dwarf_Die *d, int at, uint64_t dflt)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!dwarf_attr_integrate(d, at, &a) || dwarf_formudata(&a, &w))
		return dflt;
	return w;
}

static bool is_aggregate(int tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
}

/* "struct NAME" or "union NAME" of a named aggregate, else NULL */
static const char *aggregate_key(Dwarf_Die *t, char *buf, size_t len)
{
	const char *name = die_name(t);
	int tag = dwarf_tag(t);

	if (!is_aggregate(tag) || !name)
		return NULL;
	snprintf(buf, len, "%s %s",
		 tag == DW_TAG_structure_type ? "struct" : "union", name);
	return buf;
}

static void append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n < len - 1)
		snprintf(buf + n, len - n, "%s", s);
}

static void spell_members(Dwarf_Die *t, char *buf, size_t len, int depth);

/* the type @t (NULL: void) spelled into @buf (appended) */
static void spell_type(Dwarf_Die *t, char *buf, size_t len, int depth)
{
	Dwarf_Die inner, sub;
	char num[32];
	const char *name;
	int tag;

	if (!t) {
		append(buf, len, "void");
		return;
	}
	tag = dwarf_tag(t);
	name = die_name(t);
	switch (tag) {
	case DW_TAG_pointer_type:
		spell_type(die_type(t, &inner) ? &inner : NULL, buf, len,
			   depth);
		append(buf, len, "*");
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		append(buf, len,
		       tag == DW_TAG_const_type	   ? "const " :
		       tag == DW_TAG_volatile_type ? "volatile " :
		       tag == DW_TAG_atomic_type   ? "_Atomic " :
						     "restrict ");
		spell_type(die_type(t, &inner) ? &inner : NULL, buf, len,
			   depth);
		return;
	case DW_TAG_array_type:
		spell_type(die_type(t, &inner) ? &inner : NULL, buf, len,
			   depth);
		if (dwarf_child(t, &sub) == 0) {
			do {
				uint64_t n;

				if (dwarf_tag(&sub) != DW_TAG_subrange_type)
					continue;
				n = die_udata(&sub, DW_AT_count, 0);
				if (!n &&
				    dwarf_hasattr(&sub, DW_AT_upper_bound))
					n = die_udata(&sub, DW_AT_upper_bound,
						      0) +
					    1;
				snprintf(num, sizeof(num), "[%" PRIu64 "]", n);
				append(buf, len, num);
			} while (!dwarf_siblingof(&sub, &sub));
		}
		return;
	case DW_TAG_subroutine_type:
		append(buf, len, "function");
		return;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
		append(buf, len,
		       tag == DW_TAG_structure_type ? "struct " :
		       tag == DW_TAG_union_type	    ? "union " :
						      "enum ");
		if (name) {
			append(buf, len, name);
		} else if (tag != DW_TAG_enumeration_type &&
			   depth < MAX_DEPTH) {
			/* an anonymous member type: by its layout */
			append(buf, len, "{");
			spell_members(t, buf, len, depth + 1);
			append(buf, len, "}");
		}
		return;
	default:
		append(buf, len, name ? name : "?");
		return;
	}
}

static uint64_t member_pos(Dwarf_Die *m)
{
	uint64_t pos = die_udata(m, DW_AT_data_member_location, 0) * 8;

	if (dwarf_hasattr(m, DW_AT_data_bit_offset))
		pos = die_udata(m, DW_AT_data_bit_offset, 0);
	return pos;
}

static void spell_members(Dwarf_Die *t, char *buf, size_t len, int depth)
{
	Dwarf_Die m, mt;
	char num[64];

	if (dwarf_child(t, &m))
		return;
	do {
		const char *name;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		name = die_name(&m);
		append(buf, len, name ? name : "");
		snprintf(num, sizeof(num), "@%" PRIu64 ":", member_pos(&m));
		append(buf, len, num);
		spell_type(die_type(&m, &mt) ? &mt : NULL, buf, len, depth);
		append(buf, len, ";");
	} while (!dwarf_siblingof(&m, &m));
}

static int cmp_layout(const void *a, const void *b)
{
	return strcmp(((const struct layout *)a)->key,
		      ((const struct layout *)b)->key);
}

static struct layout *find_layout(struct types *ts, const char *key)
{
	struct layout k = { .key = (char *)key };

	return ts->n ? bsearch(&k, ts->v, ts->n, sizeof(k), cmp_layout) : NULL;
}

/* record the named aggregate @t (its first definition in the unit) */
static void add_layout(struct types *ts, Dwarf_Die *t)
{
	char key[256], type[TYPE_STR];
	struct layout *l;
	Dwarf_Die m, mt;

	if (!aggregate_key(t, key, sizeof(key)) ||
	    dwarf_hasattr(t, DW_AT_declaration))
		return;
	for (size_t i = 0; i < ts->n; i++)
		if (!strcmp(ts->v[i].key, key))
			return;
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 256;
		ts->v = cdo_xrealloc(ts->v, ts->cap * sizeof(*ts->v));
	}
	l = &ts->v[ts->n++];
	memset(l, 0, sizeof(*l));
	l->key = cdo_xstrdup(key);
	l->size = die_udata(t, DW_AT_byte_size, 0);
	if (dwarf_child(t, &m))
		return;
	do {
		const char *name;
		struct member *mm;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		l->m = cdo_xrealloc(l->m, (l->n + 1) * sizeof(*l->m));
		mm = &l->m[l->n++];
		name = die_name(&m);
		mm->name = cdo_xstrdup(name ? name : "");
		mm->pos = member_pos(&m);
		mm->bits = die_udata(&m, DW_AT_bit_size, 0);
		type[0] = '\0';
		spell_type(die_type(&m, &mt) ? &mt : NULL, type, sizeof(type),
			   0);
		mm->type = cdo_xstrdup(type);
	} while (!dwarf_siblingof(&m, &m));
}

/* the named aggregate @d's type leads to through pointers, arrays,
 * qualifiers and typedefs, into @out; false if none */
static bool used_aggregate(Dwarf_Die *d, Dwarf_Die *out)
{
	Dwarf_Die t;
	int hops = 0;

	if (!die_type(d, &t))
		return false;
	while (hops++ < 16) {
		switch (dwarf_tag(&t)) {
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
			*out = t;
			return die_name(&t) != NULL;
		case DW_TAG_pointer_type:
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
		case DW_TAG_array_type:
		case DW_TAG_typedef:
			if (!die_type(&t, &t))
				return false;
			break;
		default:
			return false;
		}
	}
	return false;
}

/* parameters and variables of function @func in @d's subtree (lexical
 * blocks and inlined code included) */
static void scan_uses(struct types *ts, const char *func, Dwarf_Die *d,
		      int depth)
{
	Dwarf_Die c, t;
	char key[256];

	if (depth > 32 || dwarf_child(d, &c))
		return;
	do {
		int tag = dwarf_tag(&c);
		const char *var;

		if (tag == DW_TAG_formal_parameter || tag == DW_TAG_variable) {
			var = die_name(&c);
			if (!var || !used_aggregate(&c, &t) ||
			    !aggregate_key(&t, key, sizeof(key)))
				continue;
			/* a type only defined inside a function */
			add_layout(ts, &t);
			if (ts->nu == ts->capu) {
				ts->capu = ts->capu ? ts->capu * 2 : 256;
				ts->u = cdo_xrealloc(ts->u,
						     ts->capu * sizeof(*ts->u));
			}
			ts->u[ts->nu].func = cdo_xstrdup(func);
			ts->u[ts->nu].var = cdo_xstrdup(var);
			ts->u[ts->nu].key = cdo_xstrdup(key);
			ts->nu++;
		} else if (tag == DW_TAG_lexical_block ||
			   tag == DW_TAG_inlined_subroutine) {
			scan_uses(ts, func, &c, depth + 1);
		}
	} while (!dwarf_siblingof(&c, &c));
}

static int scan_cu(Dwarf_Die *cu, void *arg)
{
	struct types *ts = arg;
	Dwarf_Die d;

	if (dwarf_child(cu, &d))
		return 0;
	do {
		int tag = dwarf_tag(&d);

		if (is_aggregate(tag)) {
			add_layout(ts, &d);
		} else if (tag == DW_TAG_subprogram) {
			const char *func = die_name(&d);

			if (func)
				scan_uses(ts, func, &d, 0);
		}
	} while (!dwarf_siblingof(&d, &d));
	return 0;
}

static void free_types(struct types *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		for (size_t k = 0; k < ts->v[i].n; k++) {
			free(ts->v[i].m[k].name);
			free(ts->v[i].m[k].type);
		}
		free(ts->v[i].m);
		free(ts->v[i].key);
	}
	for (size_t i = 0; i < ts->nu; i++) {
		free(ts->u[i].func);
		free(ts->u[i].var);
		free(ts->u[i].key);
	}
	free(ts->v);
	free(ts->u);
}

static const struct member *find_member(const struct layout *l,
					const struct member *like, size_t idx)
{
	/* anonymous members (unions inside structs) by their index */
	if (!like->name[0])
		return idx < l->n && !l->m[idx].name[0] ? &l->m[idx] : NULL;
	for (size_t k = 0; k < l->n; k++)
		if (!strcmp(l->m[k].name, like->name))
			return &l->m[k];
	return NULL;
}

static const char *member_label(const struct member *m)
{
	return m->name[0] ? m->name : "(anonymous)";
}

/* the first difference of @o and @p in @buf; false when none */
static bool layout_diff(const struct layout *o, const struct layout *p,
			char *buf, size_t len)
{
	const struct member *x;
	size_t k;

	for (k = 0; k < o->n; k++) {
		const struct member *m = &o->m[k];

		x = find_member(p, m, k);
		if (!x) {
			snprintf(buf, len, "member %s removed",
				 member_label(m));
			return true;
		}
		if (x->pos != m->pos || x->bits != m->bits) {
			snprintf(buf, len,
				 "member %s moved from bit %" PRIu64
				 " to %" PRIu64 " (byte %" PRIu64 " to %" PRIu64
				 ")",
				 member_label(m), m->pos, x->pos, m->pos / 8,
				 x->pos / 8);
			return true;
		}
		if (strcmp(x->type, m->type)) {
			snprintf(buf, len,
				 "member %s changed type: %.80s -> %.80s",
				 member_label(m), m->type, x->type);
			return true;
		}
	}
	for (k = 0; k < p->n; k++) {
		if (!find_member(o, &p->m[k], k)) {
			snprintf(buf, len,
				 "member %s added at byte %" PRIu64
				 " (size %" PRIu64 " -> %" PRIu64 ")",
				 member_label(&p->m[k]), p->m[k].pos / 8,
				 o->size, p->size);
			return true;
		}
	}
	if (o->size != p->size) {
		snprintf(buf, len, "size %" PRIu64 " -> %" PRIu64, o->size,
			 p->size);
		return true;
	}
	return false;
}

static bool allowed(struct cdo *c, const char *key)
{
	const char *bare = strchr(key, ' ') + 1;

	for (size_t i = 0; i < c->allow_layout.nr; i++)
		if (!strcmp(c->allow_layout.names[i], key) ||
		    !strcmp(c->allow_layout.names[i], bare))
			return true;
	return false;
}

/* is @func (a DWARF name) a changed or new function of this patch? */
static bool patched_func(struct cdo *c, const char *func)
{
	struct name_list *lists[] = { &c->changed, &c->added };
	char base[256];

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->nr; i++) {
			cdo_base_name(lists[l]->names[i], base, sizeof(base));
			if (!strcmp(base, func) ||
			    !strcmp(lists[l]->names[i], func))
				return true;
		}
	return false;
}

/* ", "-separated changed/new functions using @key, in @buf */
static void users(struct cdo *c, struct types *p, const char *key, char *buf,
		  size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->nu; i++) {
		bool dup = false;

		if (strcmp(p->u[i].key, key) || !patched_func(c, p->u[i].func))
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(p->u[j].key, key) &&
			      !strcmp(p->u[j].func, p->u[i].func);
		if (dup)
			continue;
		if (n++ == 6) {
			append(buf, len, ", ...");
			break;
		}
		if (n > 1)
			append(buf, len, ", ");
		append(buf, len, p->u[i].func);
	}
}

static void check_pair(struct cdo *c, struct types *p, const struct layout *o,
		       const struct layout *pl)
{
	char what[240], used[200], name[200];

	if (!layout_diff(o, pl, what, sizeof(what)))
		return;
	if (strcmp(o->key, pl->key))
		snprintf(name, sizeof(name), "%s (now %s)", o->key, pl->key);
	else
		snprintf(name, sizeof(name), "%s", o->key);
	if (allowed(c, o->key) || allowed(c, pl->key)) {
		fprintf(stderr,
			"create-diff-object: %s changes layout (%s): allowed "
			"by --allow-layout-change\n",
			name, what);
		return;
	}
	users(c, p, pl->key, used, sizeof(used));
	cdo_refuse(c, o->key,
		   "%s changes layout: %s; used by %s: objects that exist keep "
		   "the old layout. Keep new state in a shadow variable, or "
		   "pass --allow-layout-change '%s' if no object of it exists "
		   "or is used while patched",
		   name, what,
		   used[0] ? used :
			     "no changed function's variables (code "
			     "may still reach it)",
		   o->key);
}

/**
 * cdo_layout_check() - refuse struct/union layout changes between the
 * original and the patched object (see the top of this file).
 * @c: the run, after classification (c->changed, c->added)
 */
void cdo_layout_check(struct cdo *c)
{
	struct types o = { 0 }, p = { 0 };

	if (!c->orig_path || !c->patched_path ||
	    (!c->changed.nr && !c->added.nr))
		return;
	if (cdo_dwarf_each_cu(c->orig_path, scan_cu, &o) < 0 ||
	    cdo_dwarf_each_cu(c->patched_path, scan_cu, &p) < 0) {
		if (c->verbose)
			fprintf(stderr, "create-diff-object: no DWARF: struct "
					"layouts not compared\n");
		goto out;
	}
	qsort(o.v, o.n, sizeof(*o.v), cmp_layout);
	qsort(p.v, p.n, sizeof(*p.v), cmp_layout);
	for (size_t i = 0; i < o.n; i++) {
		struct layout *pl = find_layout(&p, o.v[i].key);

		if (pl)
			check_pair(c, &p, &o.v[i], pl);
	}
	/* renamed: the same variable of a changed function, another type */
	for (size_t i = 0; i < p.nu; i++) {
		struct use *pu = &p.u[i];

		if (find_layout(&o, pu->key) || !patched_func(c, pu->func))
			continue;
		for (size_t j = 0; j < o.nu; j++) {
			struct use *ou = &o.u[j];
			struct layout *ol, *pl;

			if (strcmp(ou->func, pu->func) ||
			    strcmp(ou->var, pu->var) ||
			    !strcmp(ou->key, pu->key))
				continue;
			ol = find_layout(&o, ou->key);
			pl = find_layout(&p, pu->key);
			if (ol && pl)
				check_pair(c, &p, ol, pl);
			break;
		}
	}
out:
	free_types(&o);
	free_types(&p);
}
