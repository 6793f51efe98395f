// SPDX-License-Identifier: GPL-2.0
/*
 * gen-symbols.c - the target binary's symbols, as the module generator
 * sees them: System.map for vmlinux, the installed .ko for a module, the
 * exported names of Module.symvers.  Which of several local symbols of one
 * name is the unit's: gen-positions.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

struct nameset {
	char **slot;
	size_t size, count;
};

static unsigned long hash_name(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct nameset *nameset_new(void)
{
	struct nameset *set = calloc(1, sizeof(*set));

	if (!set)
		return NULL;
	set->size = 1 << 16;
	set->slot = calloc(set->size, sizeof(*set->slot));
	if (!set->slot) {
		free(set);
		return NULL;
	}
	return set;
}

/* each slot holds "NAME\0VALUE" (VALUE "" unless nameset_put gave one) */
static const char *nameset_find(const struct nameset *set, const char *name)
{
	size_t i = hash_name(name) & (set->size - 1);

	while (set->slot[i]) {
		if (!strcmp(set->slot[i], name))
			return set->slot[i];
		i = (i + 1) & (set->size - 1);
	}
	return NULL;
}

void nameset_free(struct nameset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->size; i++)
		free(set->slot[i]);
	free(set->slot);
	free(set);
}

bool nameset_has(const struct nameset *set, const char *name)
{
	return nameset_find(set, name) != NULL;
}

const char *nameset_value(const struct nameset *set, const char *name)
{
	const char *slot = nameset_find(set, name);

	return slot ? slot + strlen(slot) + 1 : NULL;
}

static int nameset_grow(struct nameset *set)
{
	struct nameset big = { .size = set->size * 2 };

	big.slot = calloc(big.size, sizeof(*big.slot));
	if (!big.slot)
		return -1;
	for (size_t i = 0; i < set->size; i++) {
		size_t j;

		if (!set->slot[i])
			continue;
		j = hash_name(set->slot[i]) & (big.size - 1);
		while (big.slot[j])
			j = (j + 1) & (big.size - 1);
		big.slot[j] = set->slot[i];
	}
	free(set->slot);
	set->slot = big.slot;
	set->size = big.size;
	return 0;
}

/* add NAME with VALUE; a name already there keeps its value */
static int nameset_put(struct nameset *set, const char *name, const char *value)
{
	size_t i, n = strlen(name), v = strlen(value);

	if (nameset_has(set, name))
		return 0;
	if (set->count * 2 >= set->size && nameset_grow(set))
		return -1;
	i = hash_name(name) & (set->size - 1);
	while (set->slot[i])
		i = (i + 1) & (set->size - 1);
	set->slot[i] = malloc(n + v + 2);
	if (!set->slot[i])
		return -1;
	memcpy(set->slot[i], name, n + 1);
	memcpy(set->slot[i] + n + 1, value, v + 1);
	set->count++;
	return 0;
}

int nameset_add(struct nameset *set, const char *name)
{
	return nameset_put(set, name, "");
}

/*
 * Module.symvers: "CRC<TAB>NAME<TAB>MODULE<TAB>EXPORT_TYPE[<TAB>NS]".
 * With @modules, a name a module exports gets the module's name as value
 * (MODULE is its path without .ko: fs/fat/fat -> fat; '-' -> '_').
 * @namespaces (may be NULL) gets NAME -> NS for namespaced exports.
 */
int symvers_load(struct nameset *set, const char *path, bool modules,
		 struct nameset *namespaces)
{
	char line[1024], name[512], mod[512], ns[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		gen_err("cannot read %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *base = "";
		char *p;
		int n = sscanf(line, "%*s %511s %511s %*s %511s", name, mod,
			       ns);

		if (n < 1)
			continue;
		if (n == 3 && namespaces && nameset_put(namespaces, name, ns)) {
			fclose(f);
			return -1;
		}
		if (modules && n == 2 && strcmp(mod, "vmlinux")) {
			p = strrchr(mod, '/');
			base = p ? p + 1 : mod;
			for (p = (char *)base; *p; p++)
				if (*p == '-')
					*p = '_';
		}
		if (nameset_put(set, name, base)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* one name a line */
int names_load(struct nameset *set, const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f) {
		gen_err("cannot read %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && nameset_add(set, line)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int target_push(struct target *t, size_t *cap, const char *name,
		       unsigned long addr, unsigned long size, char kind,
		       bool local)
{
	struct tsym *s;

	if (t->nr_syms == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		void *p = realloc(t->syms, ncap * sizeof(*t->syms));

		if (!p)
			return -1;
		t->syms = p;
		*cap = ncap;
	}
	s = &t->syms[t->nr_syms++];
	s->name = strdup(name);
	s->addr = addr;
	s->size = size;
	s->kind = kind;
	s->local = local;
	s->file = NULL;
	return s->name ? 0 : -1;
}

/*
 * System.map is sorted by address; a symbol's size is its extent: the
 * distance to the next higher address (what kallsyms reports too).
 */
int target_load_system_map(struct target *t, const char *path)
{
	char line[1024], name[512], type;
	unsigned long addr;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		gen_err("cannot read %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char kind;

		if (sscanf(line, "%lx %c %511s", &addr, &type, name) != 3)
			continue;
		switch (type) {
		case 't':
		case 'T':
		case 'w':
		case 'W':
			kind = 't';
			break;
		case 'd':
		case 'D':
		case 'b':
		case 'B':
		case 'r':
		case 'R':
			kind = 'd';
			break;
		default:
			kind = '?';
		}
		if (target_push(t, &cap, name, addr, 0, kind,
				type >= 'a' && type <= 'z')) {
			fclose(f);
			gen_err("out of memory reading %s", path);
			return -1;
		}
	}
	fclose(f);
	for (size_t i = 0; i < t->nr_syms; i++) {
		size_t j = i + 1;

		while (j < t->nr_syms && t->syms[j].addr == t->syms[i].addr)
			j++;
		t->syms[i].size =
			j < t->nr_syms ? t->syms[j].addr - t->syms[i].addr : 0;
	}
	t->exact_sizes = false;
	return 0;
}

/**
 * target_load_elf() - a module's symbols from its object @ko (already read):
 * symbol table order is kallsyms order (the symbols the module loader
 * keeps: named, in allocated non-init sections).
 * Return: 0, or -1 (message printed naming @what).
 */
int target_load_elf(struct target *t, struct elf *ko, const char *what)
{
	struct symbol *sym;
	const char *file = NULL;
	size_t cap = 0;

	for_each_sym(ko, sym)
	{
		char kind;

		if (sym->type == STT_FILE) {
			file = sym->name;
			continue;
		}
		if (!sym->name[0] || sym->type == STT_SECTION || !sym->sec)
			continue;
		/* not in the module's kallsyms, which the core walks: the
		 * module loader keeps only allocated, non-init sections */
		if (!(sym->sec->sh.sh_flags & SHF_ALLOC) ||
		    elf_is_module_init_section(sym->sec->name))
			continue;
		kind = sym->type == STT_FUNC   ? 't' :
		       sym->type == STT_OBJECT ? 'd' :
						 '?';
		if (target_push(t, &cap, sym->name, sym->offset, sym->size,
				kind, sym->bind == STB_LOCAL)) {
			gen_err("out of memory reading %s", what);
			return -1;
		}
		/* a .ko built with FILE symbols (not Debian's stripped one) */
		if (file) {
			t->syms[t->nr_syms - 1].file = strdup(file);
			t->has_files = true;
		}
	}
	t->exact_sizes = true;
	return 0;
}

/* The module's own installed .ko. */
int target_load_module(struct target *t, const char *ko_path)
{
	struct elf *ko = elf_open(ko_path);
	int ret;

	if (!ko) {
		gen_err("cannot read module %s: %s", ko_path, elf_last_error());
		return -1;
	}
	ret = target_load_elf(t, ko, ko_path);
	elf_close(ko);
	return ret;
}

/**
 * target_free() - release the symbols of @t (the struct itself is the
 * caller's).
 */
void target_free(struct target *t)
{
	for (size_t i = 0; i < t->nr_syms; i++) {
		free(t->syms[i].name);
		free(t->syms[i].file);
	}
	free(t->syms);
	t->syms = NULL;
	t->nr_syms = 0;
}

long target_find(const struct target *t, const char *name, long after)
{
	for (size_t i = after + 1; i < t->nr_syms; i++)
		if (!strcmp(t->syms[i].name, name))
			return i;
	return -1;
}

/*
 * Position of @name among the target's local symbols of that name: 0 when
 * it is unique (or global), else exact or refused (gen-positions.c).
 */
long target_sympos(const struct target *t, struct elf *orig, const char *name,
		   long *idx)
{
	long first = target_find(t, name, -1), pos;
	struct symbol *s = elf_find_symbol_by_name(orig, name);

	*idx = first;
	if (first < 0)
		return -1;
	if (target_find(t, name, first) < 0)
		return 0;
	/* global in the unit: the target's global of that name */
	for (; s; s = elf_find_symbol_by_name_next(s)) {
		if (!s->sec || s->bind == STB_LOCAL)
			continue;
		for (long i = first, n = 1; i >= 0;
		     i = target_find(t, name, i), n++) {
			/* the core counts every symbol of the name */
			if (!t->syms[i].local) {
				*idx = i;
				return n;
			}
		}
	}
	pos = target_exact_sympos(t, name, idx);
	if (pos > 0 && *idx >= 0)
		return pos;
	*idx = first;
	return pos < 0 ? -1 : target_sympos_refuse(t, name);
}
