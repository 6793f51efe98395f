// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-include.c - classify functions (changed, new, removed), refuse what
 * cannot be live-patched, and compute what the output must contain:
 *
 *   - changed functions (a changed clone/.cold part changes its parent;
 *     a changed parent brings all its clones), new functions, and the
 *     functions .suture.callbacks points to;
 *   - then, transitively, what included code and data refer to and the
 *     original object did not have: new functions, new data objects,
 *     anonymous read-only data (and .data.once / .data..once);
 *   - everything else stays a reference to the original kernel's symbol
 *     (decided in cdo-write.c).
 *
 * Functions are included one by one (several can share .sched.text or
 * .init.text); data is included per section, except a new object in a
 * section shared with existing data (.data..read_mostly, .data..percpu,
 * ...): only that object, split out (its neighbours stay references).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/**
 * cdo_is_ignored_section() - sections that never go to the output and are
 * never compared: debug info, objtool's annotations, notes, exports, the
 * author's directives (.kpatch.*, cdo-kpatch.c), and KASAN's registration
 * of the unit's globals (the descriptors .data..LASAN* and the
 * constructor/destructor that pass them to __asan_register_globals: the
 * original unit registered its globals already, a new global of the
 * patch module only goes without redzone checks).
 */
bool cdo_is_ignored_section(const char *name)
{
	static const char *const prefixes[] = {
		".debug",
		".rela.debug",
		".discard",
		".comment",
		".note",
		".BTF",
		".llvm",
		".gnu",
		"__ksymtab",
		"___ksymtab",
		"__kcrctab",
		".initcall",
		".exitcall",
		".con_initcall",
		".modinfo",
		"__patchable_function_entries",
		".eh_frame",
		".data..LASAN",
		".rela.data..LASAN",
		".text.startup._sub_I_",
		".rela.text.startup._sub_I_",
		".text.exit._sub_D_",
		".rela.text.exit._sub_D_",
		".init_array",
		".rela.init_array",
		".fini_array",
		".rela.fini_array",
		".export_symbol", /* 6.5+ exports, for modpost */
		".kpatch.",
		NULL,
	};
	int i;

	if (!name[0])
		return true;
	for (i = 0; prefixes[i]; i++)
		if (starts(name, prefixes[i]))
			return true;
	return false;
}

/**
 * cdo_is_data_section() - ordinary data: what C variables live in.
 */
bool cdo_is_data_section(const struct section *sec)
{
	static const char *const prefixes[] = {
		".data",
		".rodata",
		".bss",
		".init.data",
		".init.rodata",
		".exit.data",
		".ref.data",
		".init.bss",
		"__param",
		".tbss",
		".tdata",
		"__tracepoints",
		"__tracepoint_str",
		"__trace_printk_fmt",
		"_ftrace_events",
		"_ftrace_eval_map",
		".printk_index",
		"__dyndbg",
		"__verbose",
		"___srcu_struct_ptrs",
		NULL,
	};
	int i;

	if (sec_is_text(sec))
		return false;
	for (i = 0; prefixes[i]; i++)
		if (starts(sec->name, prefixes[i]))
			return true;
	return false;
}

/* WARN_ONCE/printk_once flags: .data.once (6.1), .data..once (later) */
static bool is_once_section(const char *name)
{
	return !strcmp(name, ".data.once") || !strcmp(name, ".data..once");
}

bool cdo_sym_included(const struct symbol *sym)
{
	return sym->include || (sym->sec && sym->sec->include);
}

/**
 * cdo_find_func() - the defined function named @name in @elf, or NULL
 */
struct symbol *cdo_find_func(struct elf *elf, const char *name)
{
	struct symbol *s;

	for (s = elf_find_symbol_by_name(elf, name); s;
	     s = elf_find_symbol_by_name_next(s))
		if (s->type == STT_FUNC && s->sec)
			return s;
	return NULL;
}

static void include_func(struct cdo *c, struct symbol *f)
{
	if (f->include)
		return;
	f->include = INC_YES;
	if (f->status == ST_NEW && !cdo_is_cold(f->name))
		cdo_note(&c->added, f->name);
}

/**
 * cdo_is_part_of() - is @s a clone or part of @f: "f.<anything>" with a
 * clone component ("f.cold", "f.part.0"; for a clone f = foo.constprop.0,
 * its .cold part and clones of it)?
 */
bool cdo_is_part_of(const struct symbol *s, const struct symbol *f)
{
	size_t n = strlen(f->name);

	return s != f && !strncmp(s->name, f->name, n) && s->name[n] == '.' &&
	       cdo_is_clone(s->name);
}

/* clones and parts of @parent */
static void include_clones(struct cdo *c, struct symbol *parent)
{
	struct symbol *s;

	for_each_sym(c->patched, s)
	{
		if (s->type == STT_FUNC && s->sec && cdo_is_part_of(s, parent))
			include_func(c, s);
	}
}

static void propagate_clone_changes(struct cdo *c)
{
	struct symbol *s, *parent;
	char base[256];

	for_each_sym(c->patched, s)
	{
		if (s->type != STT_FUNC || s->status != ST_CHANGED ||
		    !cdo_is_clone(s->name))
			continue;
		cdo_base_name(s->name, base, sizeof(base));
		parent = cdo_find_func(c->patched, base);
		if (parent && parent->twin && parent->status == ST_SAME)
			parent->status = ST_CHANGED;
	}
}

/**
 * cdo_is_ubsan_section() - UBSAN's per-check descriptors (a struct
 * source_location first, with the bit that makes a check report once) and
 * the type descriptors they point to: anonymous, writable, one section
 * each with -fdata-sections.
 */
bool cdo_is_ubsan_section(const char *name)
{
	return starts(name, ".data..Lubsan_");
}

/*
 * Per-call-site data the included code must own: dynamic-debug descriptors
 * (their static keys are in __jump_table entries, which the module loader
 * resolves before suture.ko could), WARN_ONCE/printk_once flags and UBSAN
 * descriptors.  The section is copied whole (its other entries are
 * harmless duplicates).
 */
static bool is_callsite_data(const struct section *sec)
{
	return !strcmp(sec->name, "__dyndbg") || is_once_section(sec->name) ||
	       cdo_is_ubsan_section(sec->name);
}

/**
 * cdo_is_copied_constant() - read-only objects gcc makes for one function,
 * numbered per unit: its __func__ strings (__func__.N) and its switch
 * lookup tables (CSWTCH.N).  They are part of their function: copied like
 * string literals instead of named, compared by content with it, and a
 * changed one is not a data change (its function is changed instead).
 */
bool cdo_is_copied_constant(const struct symbol *s)
{
	return s->type == STT_OBJECT && s->bind == STB_LOCAL && s->sec &&
	       !(s->sec->sh.sh_flags & SHF_WRITE) &&
	       (!strncmp(s->name, "__func__.", 9) ||
		!strncmp(s->name, "__PRETTY_FUNCTION__.", 20) ||
		!strncmp(s->name, "CSWTCH.", 7));
}

/**
 * cdo_owned_by_function() - data that belongs to the one function using it
 * (gcc's constants, pr_debug descriptors, once flags): the function is
 * changed when it changes, and it goes into the output with the function.
 */
bool cdo_owned_by_function(const struct symbol *s)
{
	return cdo_is_copied_constant(s) ||
	       (s->type == STT_OBJECT && s->sec && is_callsite_data(s->sec));
}

static void refuse_data_changes(struct cdo *c)
{
	struct section *sec;
	size_t i;

	for_each_sec(c->patched, sec) {
		struct symbol *obj = NULL;

		if (sec->status != ST_CHANGED || sec_is_text(sec) ||
		    cdo_is_ignored_section(sec->name) ||
		    cdo_is_special_section(sec->name) || sec_is_strings(sec) ||
		    is_callsite_data(sec) || cdo_is_record_section(sec->name))
			continue;
		for (i = 0; i < sec->nr_syms; i++)
			if (sec->syms[i]->type == STT_OBJECT) {
				obj = sec->syms[i];
				break;
			}
		if (!cdo_is_data_section(sec)) {
			cdo_refuse(
				c, obj ? obj->name : sec->name,
				"section %s changed and is neither code nor known data",
				sec->name);
		} else if (obj) {
			/* objects one by one: they can share the section */
			for (i = 0; i < sec->nr_syms; i++) {
				obj = sec->syms[i];
				if (obj->type != STT_OBJECT ||
				    obj->status != ST_CHANGED ||
				    cdo_owned_by_function(obj))
					continue;
				cdo_refuse(
					c, obj->name,
					"changed data: %s (section %s); a live patch cannot change initialised or static data (use shadow variables)",
					obj->name, sec->name);
			}
		} else if (sec->sh.sh_flags & SHF_WRITE) {
			cdo_refuse(
				c, sec->name,
				"changed anonymous writable data in section %s",
				sec->name);
		}
	}
}

/**
 * cdo_classify() - changed/new/removed lists, refusals, and the starting
 * set of included functions.
 */
int cdo_classify(struct cdo *c)
{
	struct section *cb;
	struct symbol *s;
	struct rela *r;
	size_t i;

	propagate_clone_changes(c);
	if (cdo_propagate(c))
		return -1;
	for_each_sym(c->patched, s)
	{
		if (s->type != STT_FUNC || !s->sec || cdo_alias_primary(s) != s)
			continue;
		/* KASAN's constructor/destructor of the unit's globals */
		if (cdo_is_ignored_section(s->sec->name))
			continue;
		if (s->status == ST_NEW) {
			include_func(c, s);
			continue;
		}
		if (s->status != ST_CHANGED)
			continue;
		if (elf_is_init_section(s->sec->name) ||
		    elf_is_init_section(s->twin->sec->name)) {
			cdo_refuse(
				c, s->name,
				"changed __init function %s: init code has already run and been freed",
				s->name);
			continue;
		}
		if (!cdo_is_cold(s->name) && !elf_func_calls_fentry(s->twin)) {
			cdo_refuse(
				c, s->name,
				"changed function %s has no ftrace entry (notrace, or not traceable): it cannot be redirected",
				s->name);
			continue;
		}
		/* a .cold part is its parent's code, not a function */
		if (!cdo_is_cold(s->name))
			cdo_note(&c->changed, s->name);
		include_func(c, s);
	}
	/*
	 * a changed function needs its .cold part and, for a parent, its
	 * clones (they are its code too; a changed clone's .cold part jumps
	 * back into the new clone, not the kernel's old one)
	 */
	for_each_sym(c->patched, s)
	{
		if (s->type == STT_FUNC && s->status == ST_CHANGED &&
		    !cdo_is_cold(s->name))
			include_clones(c, s);
	}
	refuse_data_changes(c);

	cb = elf_find_section_by_name(c->patched, SUTURE_ABI_STATES_SECTION);
	if (cb)
		cb->include = INC_YES;
	cb = elf_find_section_by_name(c->patched, SUTURE_CALLBACKS_NAME);
	if (cb) {
		cb->include = INC_YES;
		for_each_rela(cb, r, i)
		{
			struct target t;

			cdo_rela_target(r, &t);
			if (t.sym && t.sym->type == STT_FUNC && t.sym->sec)
				include_func(c, t.sym);
		}
	}
	return c->error ? -1 : 0;
}

/*
 * Does @sec hold, besides @s, data that the original object had?  Explicit
 * sections override -fdata-sections (__read_mostly, DEFINE_PER_CPU,
 * __ro_after_init, __cacheline_aligned, __tracepoints ...): one section
 * holds many variables.
 */
static bool shares_existing_data(const struct section *sec,
				 const struct symbol *s)
{
	size_t i;

	for (i = 0; i < sec->nr_syms; i++)
		if (sec->syms[i] != s && sec->syms[i]->type == STT_OBJECT &&
		    sec->syms[i]->twin)
			return true;
	return false;
}

/*
 * Include only @s of its shared section: cdo-write.c splits its bytes out
 * (into a section of the same name, e.g. the module's own .data..percpu,
 * the one the module loader gives per-cpu areas), the other variables of
 * the section stay references to the kernel's (never fresh copies: that
 * would split their state).
 */
static int include_split(struct cdo *c, struct symbol *s, const char *from)
{
	if (s->type != STT_OBJECT) {
		cdo_refuse(
			c, s->name,
			"%s uses %s, a new symbol that is not a data object in section %s, which also holds existing data: it cannot be split out",
			from, s->name, s->sec->name);
		return -1;
	}
	for (size_t i = 0; i < s->sec->nr_syms; i++) {
		struct symbol *e = s->sec->syms[i];

		/* an alias of an existing variable would be a copy of it */
		if (e != s && e->type == STT_OBJECT && e->twin &&
		    e->offset < s->offset + s->size &&
		    s->offset < e->offset + e->size) {
			cdo_refuse(
				c, s->name,
				"%s uses %s, a new name for (part of) the existing %s in section %s: it cannot be split out",
				from, s->name, e->name, s->sec->name);
			return -1;
		}
	}
	s->include = INC_YES;
	if (!s->twin)
		cdo_note(&c->added, s->name);
	return 1;
}

/**
 * cdo_need_target() - make sure what @t points to will be in the output or
 * can be referenced in the original kernel.
 * Return: 1 if something new was included, 0 if not, -1 on refusal.
 */
int cdo_need_target(struct cdo *c, const struct rela *r, const struct target *t,
		    const char *from)
{
	struct section *sec = t->sec;

	(void)r;
	if (t->string || !sec)
		return 0;
	if (t->sym) {
		struct symbol *s = t->sym;

		if (cdo_sym_included(s))
			return 0;
		if (s->twin && !cdo_is_copied_constant(s) &&
		    !is_callsite_data(sec) &&
		    !cdo_noted(&c->copy, s->twin->name))
			return 0;
		/* new in the patched object: it has to come along */
		if (s->type == STT_FUNC) {
			include_func(c, s);
			return 1;
		}
		if (sec_is_text(sec)) {
			cdo_fail(
				c,
				"%s refers to %s, a new non-function symbol in code section %s",
				from, s->name, sec->name);
			return -1;
		}
		if (!is_callsite_data(sec) && shares_existing_data(sec, s))
			return include_split(c, s, from);
		sec->include = INC_YES;
		for (size_t i = 0; i < sec->nr_syms; i++)
			if (sec->syms[i]->type == STT_OBJECT &&
			    !sec->syms[i]->twin)
				cdo_note(&c->added, sec->syms[i]->name);
		return 1;
	}
	/* no symbol to name it by: copy it, when that is safe */
	if (sec->include)
		return 0;
	if (sec->twin && (sec->sh.sh_flags & SHF_WRITE) &&
	    !is_callsite_data(sec)) {
		cdo_refuse(
			c, from,
			"%s uses anonymous writable data in %s, which has no symbol to refer to",
			from, sec->name);
		return -1;
	}
	sec->include = INC_YES;
	return 1;
}

static int need_range(struct cdo *c, struct section *sec, unsigned long off,
		      unsigned long len, const char *from)
{
	size_t i = elf_rela_lower_bound(sec, off);
	int more = 0;

	for (; i < sec->nr_relas && sec->relas[i]->offset < off + len; i++) {
		struct target t;
		int ret;

		cdo_rela_target(sec->relas[i], &t);
		ret = cdo_need_target(c, sec->relas[i], &t, from);
		if (ret < 0)
			return -1;
		more |= ret;
	}
	return more;
}

/**
 * cdo_include() - close the included set over the relocations of included
 * code, data and special-section entries.
 */
int cdo_include(struct cdo *c)
{
	struct section *sec;
	struct symbol *s;
	int more, ret;

	do {
		more = 0;
		for_each_sym(c->patched, s)
		{
			/* functions, and data split out of shared sections */
			if (!s->include || s->priv ||
			    (s->type != STT_FUNC &&
			     (s->type != STT_OBJECT || !s->sec ||
			      s->sec->include)))
				continue;
			s->priv = s; /* processed */
			ret = need_range(c, s->sec, s->offset, s->size,
					 s->name);
			if (ret < 0)
				return -1;
			more |= ret;
		}
		for_each_sec(c->patched, sec) {
			if (!sec->include || sec->priv)
				continue;
			sec->priv = sec;
			ret = need_range(c, sec, 0, sec->sh.sh_size, sec->name);
			if (ret < 0)
				return -1;
			more |= ret;
		}
		if (!more) {
			ret = cdo_special_mark(c);
			if (ret < 0)
				return -1;
			more = ret;
		}
	} while (more && !c->error);
	for_each_sym(c->patched, s)
	{
		s->priv = NULL;
		/* aliases follow the symbol that stands for them */
		if (s->type == STT_FUNC && s->sec && cdo_alias_primary(s) != s)
			s->include = cdo_alias_primary(s)->include;
	}
	for_each_sec(c->patched, sec)
		sec->priv = NULL;
	cdo_insn_refuse(c);
	return c->error ? -1 : cdo_check_unknown_refs(c);
}
