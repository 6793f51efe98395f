/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gen.h - internals of create-patch-module, the module generator.
 *
 * gen-symbols.c  what the target binary looks like: its symbol list
 *                (System.map for vmlinux, the installed .ko for a module),
 *                exported symbols (Module.symvers)
 * gen-positions.c  the exact position of a duplicated local name: FILE
 *                symbols (the target's, its -dbg build's) or the module's
 *                link layout; else refused with the candidates
 * gen-records.c  the edits on one diff object: objname and sympos in the
 *                .suture.* records, undefined globals turned into reloc
 *                records, the checks a replaced function must pass
 * gen-branches.c a relocation objtool can follow at each branch whose
 *                target is a reloc record
 */
#ifndef _SUTURE_GEN_H
#define _SUTURE_GEN_H

#include <stdbool.h>
#include "elf.h"
#include "layout.h"

/* One symbol of the target binary, in kallsyms order. */
struct tsym {
	char *name;
	unsigned long addr; /* address (vmlinux) or offset (module) */
	unsigned long size; /* st_size (module), extent (System.map) */
	char kind; /* 't' text, 'd' data, '?' other */
	bool local;
	char *file; /* the STT_FILE before it, when the binary has them */
};

/* The binary a diff object patches. */
struct target {
	const char *objname; /* NULL = vmlinux */
	struct tsym *syms;
	size_t nr_syms;
	bool exact_sizes; /* sizes are st_size (module) or extents */
	struct target *vmlinux; /* for a module: vmlinux (non-exported refs) */
	/* exact positions (gen-positions.c) */
	const char *unit; /* the unit's source, fs/x/y.c */
	const char *unit_obj; /* its object as the link layout names it */
	bool has_files; /* syms[].file is known */
	struct target *dbg; /* -D: the debug build, with FILE symbols */
	const char *dbg_path;
	const char *layout; /* -L: the module's link layout */
	const char *plain; /* -P: the unit compiled as the target was */
	bool ask_layout; /* -w: ask for the layout instead of refusing */
	bool quiet_positions; /* do not say which source decided */
};

/* A set of names (exported symbols). */
struct nameset;

struct nameset *nameset_new(void);
void nameset_free(struct nameset *set);
bool nameset_has(const struct nameset *set, const char *name);
/* the value stored with @name ("" if none), NULL when @name is absent */
const char *nameset_value(const struct nameset *set, const char *name);
int nameset_add(struct nameset *set, const char *name);
/* @modules: names exported by modules get the module name as value */
int symvers_load(struct nameset *set, const char *path, bool modules,
		 struct nameset *namespaces);
int names_load(struct nameset *set, const char *path);

int target_load_system_map(struct target *t, const char *path);
int target_load_module(struct target *t, const char *ko_path);
int target_load_elf(struct target *t, struct elf *ko, const char *what);
void target_free(struct target *t);

/* index of the first symbol of that name, -1 if none; next: after @i */
long target_find(const struct target *t, const char *name, long after);

/**
 * target_sympos() - position of @name, defined in the unit @orig, among the
 * target's local symbols of that name.
 * Return: 0 (name unique or global), the 1-based position, or -1 (message
 * printed) when the symbol is missing or the unit's copy cannot be told
 * apart exactly (gen-positions.c).  *@idx receives the index in t->syms
 * (-1: missing).
 */
long target_sympos(const struct target *t, struct elf *orig, const char *name,
		   long *idx);

/* gen-positions.c */
/* the symbol table of any ELF file (a -dbg vmlinux or .ko) with FILE names */
int target_load_files(struct target *t, const char *path);
/* ratelimit/once/warned state: a second copy is harmless */
bool gen_harmless_duplicate(const char *name);
/* the exact 1-based position of the unit's copy, 0 when no exact source
 * is there, -1 on error (printed); *@idx its index in t->syms */
long target_exact_sympos(const struct target *t, const char *name, long *idx);
/* what a refusal asks livepatch-build for (exit 4 / 5) */
#define GEN_WANT_LAYOUT 1 /* the module's link layout (-L) */
#define GEN_WANT_COPY 2 /* create-diff-object --copy NAME */
extern unsigned int gen_wants;
/* no exact source: ask for the layout, ask for an own copy, or refuse
 * listing the candidates; always -1 */
long target_sympos_refuse(const struct target *t, const char *name);

struct gen_opts {
	struct target *target;
	/* Module.symvers + extra symvers; value: the exporting module, for
	 * names the first Module.symvers has from a module, else "" */
	struct nameset *exported;
	/* exported name -> its symbol namespace (EXPORT_SYMBOL_NS), or NULL */
	struct nameset *namespaces;
	struct elf *orig; /* the original object of the unit */
	const char *unit; /* source file, for messages */
	int verbose;
	/* -K (--format klp): jump label keys the loader cannot link stay
	 * as reloc records, which create-klp-module turns into
	 * .klp.rela.vmlinux.__jump_table (applied before jump labels) */
	bool klp;
	/* the target's special-section entry layouts (-L) */
	const struct kernel_layout *layout;
};

int gen_fix_object(struct elf *diff, const struct gen_opts *o);
/* gen-branches.c */
int gen_mark_record_branches(struct elf *elf, const struct gen_opts *o);
int gen_keep_static_call_keys(struct elf *elf, const struct gen_opts *o);

void gen_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _SUTURE_GEN_H */
