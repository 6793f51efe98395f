/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdo.h - internal interfaces of create-diff-object, one concept a file:
 *
 *   cdo-main.c       command line, exit codes
 *   cdo-run.c        the flow (also driven by the fuzz target)
 *   cdo-correlate.c  pair sections and symbols of ORIG and PATCHED
 *   cdo-compare.c    what a relocation points to; compare functions/data
 *   cdo-include.c    classify, refuse, and the closure of what to include
 *   cdo-propagate.c  changed inline copies replaced through their callers
 *   cdo-layout.c     struct/union layout changes (DWARF, via cdo-dwarf.c)
 *   cdo-exports.c    exports and initcalls a patch cannot change
 *   cdo-kpatch.c     the author's KPATCH_IGNORE_* / KPATCH_FORCE_UNSAFE
 *   cdo-special.c    special sections: keep the entries of included code
 *   cdo-write.c      build the output object and the .suture.* sections
 *   cdo-debug.c      the patched object's DWARF, re-targeted to the output
 *   cdo-report.c     the text/JSON report and refusals
 *   cdo-insn.c       what needs instruction boundaries (capstone)
 */
#ifndef _SUTURE_CDO_H
#define _SUTURE_CDO_H

#include <stdbool.h>
#include "elf.h"
#include "layout.h"
#include "../kmod/patch/suture-abi.h"

#define SUTURE_CALLBACKS_NAME SUTURE_ABI_CALLBACKS_SECTION
/* records the patched code declares, kept as they are (no code refs) */
#define cdo_is_record_section(n)                \
	(!strcmp((n), SUTURE_CALLBACKS_NAME) || \
	 !strcmp((n), SUTURE_ABI_STATES_SECTION))

/* exit codes of create-diff-object */
enum {
	CDO_EXIT_DIFF = 0,
	CDO_EXIT_NOCHANGE = 1,
	CDO_EXIT_REFUSED = 2,
	CDO_EXIT_BADINPUT = 3,
};

/* symbol/section ->status */
enum {
	ST_UNKNOWN = 0,
	ST_SAME,
	ST_CHANGED,
	ST_NEW,
};

/* ->include values */
enum {
	INC_NO = 0,
	INC_YES,
};

/* what a relocation refers to, independent of how the assembler spelled it */
struct target {
	struct symbol *sym; /* named symbol (FUNC/OBJECT/NOTYPE), or NULL */
	struct section *sec; /* containing section (NULL: undefined sym) */
	long off; /* relative to sym, else to sec */
	bool string; /* in a SHF_MERGE|SHF_STRINGS section */
};

struct name_list {
	char **names;
	size_t nr, cap;
};

struct refusal {
	char *symbol;
	char *reason;
};

struct cdo {
	struct elf *orig, *patched, *out;
	const char *out_path;
	/* file PATCHED.o was read from, for its DWARF (cdo-propagate.c);
	 * NULL: none (the fuzz target) */
	const char *patched_path;
	/* file ORIG.o was read from (cdo-layout.c); NULL: none */
	const char *orig_path;
	/* --allow-layout-change TYPE ("struct x", "x"): cdo-layout.c */
	struct name_list allow_layout;
	struct name_list changed, added, removed, line_only;
	/* unchanged functions changed because they refer to a changed
	 * inline copy without ftrace entry (cdo-propagate.c) */
	struct name_list through;
	/* --copy: local objects of ORIG (by name) the output gets its own
	 * copy of instead of a reference (state whose duplication is
	 * harmless, when the target's copy cannot be told apart) */
	struct name_list copy;
	struct refusal *refusals;
	size_t nr_refusals, cap_refusals;
	int error; /* internal error (exit 3) */
	bool verbose;
	/* --klp: the module loader applies relocations to vmlinux symbols
	 * before jump labels are initialised (.klp.rela.vmlinux.*) */
	bool loader_relocs;
	/* --private-exports: a new export is noted, not refused (the
	 * patch module's own callers link to its copy: --update-to) */
	bool private_exports;
	/* the target's special-section entry layouts (--layout) */
	struct kernel_layout layout;
};

/* cdo-run.c */
int cdo_run(struct cdo *c);

/* cdo-report.c */
/* allocation that cannot fail: out of memory ends the run (exit 3) */
void *cdo_xrealloc(void *p, size_t n);
char *cdo_xstrdup(const char *s);
void cdo_note(struct name_list *l, const char *name);
bool cdo_noted(struct name_list *l, const char *name);
void cdo_refuse(struct cdo *c, const char *symbol, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cdo_fail(struct cdo *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cdo_print_json(struct cdo *c, int exit_code, const char *error);
void cdo_free_report(struct cdo *c);

/* cdo-correlate.c */
int cdo_correlate(struct cdo *c);
/* base of a gcc-made name: "foo.part.0" -> "foo", "x.3" -> "x"; for a
 * .cold part the function it belongs to: "foo.constprop.0.cold" ->
 * "foo.constprop.0" (only the final .cold, or .cold.N, is stripped) */
void cdo_base_name(const char *name, char *buf, size_t len);
/* gcc clone or split part (.cold, .part.N, .isra.N, .constprop.N, ...) */
bool cdo_is_clone(const char *name);
bool cdo_is_cold(const char *name);
/* the one of several function symbols at the same address that stands
 * for them all (the others are aliases) */
struct symbol *cdo_alias_primary(struct symbol *f);
/* the function symbol a text section position belongs to */
struct symbol *cdo_func_at(struct section *sec, unsigned long off);
struct symbol *cdo_find_func(struct elf *elf, const char *name);
bool cdo_is_part_of(const struct symbol *s, const struct symbol *f);

/* cdo-compare.c */
/* PC-relative in code: the target is past the place by the rest of the
 * instruction (>= 4 bytes); in data tables it is the addend exactly */
bool cdo_insn_relative(const struct rela *r);
void cdo_rela_target(const struct rela *r, struct target *t);
bool cdo_targets_equal(const struct rela *pr, const struct target *pt,
		       const struct rela * or, const struct target *ot);
int cdo_compare(struct cdo *c);
/* [start, end) of the string(s) a reference at @off covers in @sec */
void cdo_target_bias(const struct rela *r, long *lo, long *hi);
bool cdo_string_range(struct section *sec, long off, const struct rela *r,
		      size_t *start, size_t *end);

/* cdo-include.c */
int cdo_classify(struct cdo *c);
int cdo_include(struct cdo *c);
/* mark what target @t of a relocation from included code needs */
int cdo_need_target(struct cdo *c, const struct rela *r, const struct target *t,
		    const char *from);
bool cdo_sym_included(const struct symbol *sym);
bool cdo_is_copied_constant(const struct symbol *s);
bool cdo_owned_by_function(const struct symbol *s);
bool cdo_is_ignored_section(const char *name);
bool cdo_is_ubsan_section(const char *name);
bool cdo_is_data_section(const struct section *sec);

/* cdo-propagate.c */
/* changed inline copies without ftrace entry: new functions, and the
 * functions referring to them changed (replacement through callers) */
int cdo_propagate(struct cdo *c);

/* cdo-exports.c */
/* refuse new or changed exports (__ksymtab) and initcalls */
void cdo_check_exports(struct cdo *c);

/* cdo-kpatch.c */
/* KPATCH_IGNORE_STATIC: between correlation and comparison */
void cdo_kpatch_statics(struct cdo *c);
/* KPATCH_IGNORE_SECTION/_FUNCTION, KPATCH_FORCE_UNSAFE: after comparison */
void cdo_kpatch_directives(struct cdo *c);

/* cdo-layout.c */
/* refuse struct/union layout changes the changed functions may meet */
void cdo_layout_check(struct cdo *c);

/* cdo-special.c */
bool cdo_is_special_section(const char *name);
/* mark entries of included code; returns >0 if it included more */
int cdo_special_mark(struct cdo *c);
int cdo_check_unknown_refs(struct cdo *c);
int cdo_write_specials(struct cdo *c);
/* forget the state of one run (kept entries) */
void cdo_special_free(void);
void cdo_line_only_bugs(struct cdo *c);

/* cdo-write.c */
int cdo_write(struct cdo *c);
/* write a relocation from output section @osec at @ooff for input @r */
int cdo_emit_ref(struct cdo *c, struct section *osec, unsigned long ooff,
		 const struct rela *r);
/* copy bytes [@off, @off+@len) of input section @isec with their
 * relocations to the end of @osec; returns the output offset or -1 */
long cdo_copy_range(struct cdo *c, struct section *osec, struct section *isec,
		    unsigned long off, unsigned long len, size_t align);
/* cdo-debug.c */
/* the .debug_* sections, relocations re-targeted to c->out's copies */
int cdo_write_debug(struct cdo *c);

/* forget the state of one run (string maps, output sections) */
void cdo_write_free(void);
/* a jmp rel32 written after a copied function for one of its short jumps
 * out of it (input place @place in @isec) */
struct cdo_veneer {
	struct section *osec, *isec;
	long off;
	unsigned long place;
};
size_t cdo_veneers(const struct cdo_veneer **v);
struct section *cdo_out_section(struct cdo *c, struct section *like,
				const char *name);

/* cdo-insn.c */
/* make the references the assembler resolved inside shared text sections
 * (call/jmp/RIP-relative to another function there) relocations */
int cdo_insn_local_refs(struct cdo *c, struct elf *elf);
/* refuse included functions with such a reference that cannot be */
void cdo_insn_refuse(struct cdo *c);
void cdo_insn_free(void);
/* do @p and @o differ (@diff: per byte of @p) only in line numbers passed
 * to a (file, line) helper (@taker true for its name)? */
bool cdo_insn_lines_only(struct cdo *c, struct symbol *p, struct symbol *o,
			 const unsigned char *diff,
			 bool (*taker)(const char *name));

#endif /* _SUTURE_CDO_H */
