/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gen.h - internals of create-patch-module, the module generator.
 *
 * gen-symbols.c  what the target binary looks like: its symbol list
 *                (System.map for vmlinux, the installed .ko for a module),
 *                exported symbols (Module.symvers), local-name positions
 * gen-records.c  the edits on one diff object: objname and sympos in the
 *                .suture.* records, undefined globals turned into reloc
 *                records, the checks a replaced function must pass
 */
#ifndef _SUTURE_GEN_H
#define _SUTURE_GEN_H

#include <stdbool.h>
#include "elf.h"

/* One symbol of the target binary, in kallsyms order. */
struct tsym {
	char *name;
	unsigned long addr; /* address (vmlinux) or offset (module) */
	unsigned long size; /* st_size (module), extent (System.map) */
	char kind; /* 't' text, 'd' data, '?' other */
	bool local;
};

/* The binary a diff object patches. */
struct target {
	const char *objname; /* NULL = vmlinux */
	struct tsym *syms;
	size_t nr_syms;
	bool exact_sizes; /* sizes are st_size (module) or extents */
	struct target *vmlinux; /* for a module: vmlinux (non-exported refs) */
};

/* A set of names (exported symbols). */
struct nameset;

struct nameset *nameset_new(void);
bool nameset_has(const struct nameset *set, const char *name);
/* the value stored with @name ("" if none), NULL when @name is absent */
const char *nameset_value(const struct nameset *set, const char *name);
int nameset_add(struct nameset *set, const char *name);
/* @modules: names exported by modules get the module name as value */
int symvers_load(struct nameset *set, const char *path, bool modules);
int names_load(struct nameset *set, const char *path);

int target_load_system_map(struct target *t, const char *path);
int target_load_module(struct target *t, const char *ko_path);

/* index of the first symbol of that name, -1 if none; next: after @i */
long target_find(const struct target *t, const char *name, long after);

/**
 * target_sympos() - position of @name, defined in the unit @orig, among the
 * target's local symbols of that name.
 * Return: 0 (name unique or global), the 1-based position, or -1 (message
 * printed) when the symbol is missing or the unit's copy cannot be told
 * apart.  *@idx receives the index in t->syms.
 */
long target_sympos(const struct target *t, struct elf *orig, const char *name,
		   long *idx);

struct gen_opts {
	struct target *target;
	/* Module.symvers + extra symvers; value: the exporting module, for
	 * names the first Module.symvers has from a module, else "" */
	struct nameset *exported;
	struct elf *orig; /* the original object of the unit */
	const char *unit; /* source file, for messages */
	int verbose;
	/* -K (--format klp): jump label keys the loader cannot link stay
	 * as reloc records, which create-klp-module turns into
	 * .klp.rela.vmlinux.__jump_table (applied before jump labels) */
	bool klp;
};

int gen_fix_object(struct elf *diff, const struct gen_opts *o);

void gen_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _SUTURE_GEN_H */
