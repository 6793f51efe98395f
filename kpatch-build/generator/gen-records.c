// SPDX-License-Identifier: GPL-2.0
/*
 * gen-records.c - turn one diff object from create-diff-object into a part
 * of a patch module: fill objname and sympos of its .suture.* records,
 * check every replaced function against the target, and replace every
 * reference the module loader could not resolve by a reloc record.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../kmod/patch/suture-abi.h"

struct genctx {
	struct elf *elf;
	const struct gen_opts *o;
	struct section *strings;
	long objname_off; /* offset of the objname string, -1: none */
	unsigned int nr_funcs, nr_relocs, nr_new_relocs, nr_callbacks;
	/* symbol namespaces the module must import (EXPORT_SYMBOL_NS) */
	const char **imports;
	size_t nr_imports;
};

static struct symbol *section_symbol(struct elf *elf, struct section *sec)
{
	if (!sec->sym)
		sec->sym = elf_create_symbol(elf, "", STB_LOCAL, STT_SECTION,
					     sec, 0, 0);
	return sec->sym;
}

static struct section *get_section(struct elf *elf, const char *name,
				   GElf_Xword flags, GElf_Xword align)
{
	struct section *sec = elf_find_section_by_name(elf, name);

	if (!sec)
		sec = elf_create_section(elf, name, SHT_PROGBITS, flags, 0,
					 align);
	return sec;
}

/* Make a record field at @off of @sec point to string @s. */
static int point_to_string(struct genctx *c, struct section *sec,
			   unsigned long off, const char *s, long *cache)
{
	long soff = cache ? *cache : -1;

	if (soff < 0) {
		soff = elf_section_append(c->strings, s, strlen(s) + 1, 1);
		if (soff < 0)
			return -1;
		if (cache)
			*cache = soff;
	}
	return elf_create_rela(c->elf, sec, off,
			       section_symbol(c->elf, c->strings), R_X86_64_64,
			       soff) ?
		       0 :
		       -1;
}

/* The string a record field at @off of @sec points to, or NULL. */
static const char *field_string(struct section *sec, unsigned long off)
{
	struct rela *r = elf_find_rela_by_offset(sec, off);
	struct section *s;
	unsigned long at;

	if (!r || !r->sym || !r->sym->sec)
		return NULL;
	s = r->sym->sec;
	at = r->sym->offset + r->addend;
	if (!s->data || at >= s->sh.sh_size ||
	    !memchr(s->data + at, 0, s->sh.sh_size - at))
		return NULL;
	return (const char *)s->data + at;
}

static int set_objname(struct genctx *c, struct section *sec, unsigned long off)
{
	if (!c->o->target->objname || elf_find_rela_by_offset(sec, off))
		return 0;
	return point_to_string(c, sec, off, c->o->target->objname,
			       &c->objname_off);
}

static void put_u64(struct section *sec, unsigned long off, uint64_t v)
{
	memcpy(sec->data + off, &v, sizeof(v));
}

static uint64_t get_u64(struct section *sec, unsigned long off)
{
	uint64_t v;

	memcpy(&v, sec->data + off, sizeof(v));
	return v;
}

static int check_func(struct genctx *c, const char *name, uint64_t size,
		      long idx)
{
	const struct target *t = c->o->target;
	struct symbol *orig = elf_find_symbol_by_name(c->o->orig, name);
	const char *obj = t->objname ? t->objname : "vmlinux";

	while (orig && (orig->type != STT_FUNC || !orig->sec))
		orig = elf_find_symbol_by_name_next(orig);
	if (!orig) {
		gen_err("%s: %s is not a function of the original object",
			c->o->unit, name);
		return -1;
	}
	if (elf_is_init_section(orig->sec->name)) {
		gen_err("%s: %s is an __init function (section %s): it has "
			"already run and its code is freed; it cannot be "
			"live-patched",
			c->o->unit, name, orig->sec->name);
		return -1;
	}
	if (!elf_func_calls_fentry(orig)) {
		gen_err("%s: %s is notrace (its original code does not call "
			"__fentry__): ftrace cannot redirect it; patch its "
			"callers instead",
			c->o->unit, name);
		return -1;
	}
	if (t->exact_sizes ? t->syms[idx].size != size :
			     (size > t->syms[idx].size ||
			      t->syms[idx].size - size > 64)) {
		gen_err("%s: %s is %llu bytes in the compiled original but "
			"%lu in %s: the source, config or compiler differ "
			"from the build of the target kernel",
			c->o->unit, name, (unsigned long long)size,
			t->syms[idx].size, obj);
		return -1;
	}
	if (t->syms[idx].kind != 't') {
		gen_err("%s: %s is not a function in %s", c->o->unit, name,
			obj);
		return -1;
	}
	return 0;
}

#define FUNC_OFF(field) offsetof(struct suture_abi_func, field)
#define RELOC_OFF(field) offsetof(struct suture_abi_reloc, field)

static int fix_funcs(struct genctx *c)
{
	struct section *sec =
		elf_find_section_by_name(c->elf, SUTURE_ABI_FUNCS_SECTION);
	size_t n = sec ? sec->sh.sh_size / sizeof(struct suture_abi_func) : 0;

	for (size_t i = 0; i < n; i++) {
		unsigned long rec = i * sizeof(struct suture_abi_func);
		const char *name = field_string(sec, rec + FUNC_OFF(name));
		long idx, pos;

		if (!name) {
			gen_err("%s: funcs record %zu has no name", c->o->unit,
				i);
			return -1;
		}
		pos = target_sympos(c->o->target, c->o->orig, name, &idx);
		if (idx < 0) {
			gen_err("%s: function %s not found in %s (inlined "
				"into all callers in the target build? patch "
				"the callers)",
				c->o->unit, name,
				c->o->target->objname ?: "vmlinux");
			return -1;
		}
		if (pos < 0 ||
		    check_func(c, name, get_u64(sec, rec + FUNC_OFF(old_size)),
			       idx))
			return -1;
		put_u64(sec, rec + FUNC_OFF(sympos), pos);
		/*
		 * vmlinux: record the extent the target build's symbol table
		 * gives (checked against st_size above), which is what the
		 * core measures in the running kernel.  st_size alone fails
		 * the core's "padding only" rule when the code after the
		 * function has no symbol (a __weak function of the unit that
		 * another unit overrides: its code stays, its name goes).
		 */
		if (!c->o->target->exact_sizes)
			put_u64(sec, rec + FUNC_OFF(old_size),
				c->o->target->syms[idx].size);
		/* before set_objname: it may move the strings' bytes */
		printf("\treplace\t%s\t%s,%ld\n",
		       c->o->target->objname ?: "vmlinux", name, pos);
		if (set_objname(c, sec, rec + FUNC_OFF(objname)))
			return -1;
		c->nr_funcs++;
	}
	return 0;
}

/*
 * Runtime constants (6.8+, asm/runtime-const.h): each entry the differ
 * kept in runtime_ptr_SYM or runtime_shift_SYM points at an immediate of
 * included code (a placeholder: the kernel writes SYM's value into its own
 * copies at boot, the module loader never will).  One record per entry,
 * at that immediate, naming SYM: the core writes SYM's value there
 * (SUTURE_ABI_RELOC_RUNTIME_*).  fix_relocs() then fills its sympos.  The
 * table itself is not written.
 */
static int convert_runtime_consts(struct genctx *c)
{
	static const struct {
		const char *prefix;
		unsigned int type;
	} kinds[] = {
		{ "runtime_ptr_", SUTURE_ABI_RELOC_RUNTIME_PTR },
		{ "runtime_shift_", SUTURE_ABI_RELOC_RUNTIME_SHIFT },
	};
	struct section *sec, *rsec;

	for_each_sec(c->elf, sec) {
		const char *sym = NULL;
		unsigned int type = 0;

		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strncmp(sec->name, kinds[k].prefix,
				     strlen(kinds[k].prefix))) {
				sym = sec->name + strlen(kinds[k].prefix);
				type = kinds[k].type;
			}
		if (!sym || sec_is_rela(sec))
			continue;
		if (c->o->target->objname) {
			gen_err("%s: %s in code of module %s: the kernel "
				"applies runtime constants to vmlinux only",
				c->o->unit, sec->name, c->o->target->objname);
			return -1;
		}
		rsec = get_section(c->elf, SUTURE_ABI_RELOCS_SECTION, SHF_ALLOC,
				   8);
		if (!rsec)
			return -1;
		for (size_t i = sec->nr_relas; i-- > 0;) {
			struct rela *r = sec->relas[i];
			struct suture_abi_reloc rec = { .type = type };
			long off;

			if (r->type != R_X86_64_PC32 || !r->sym ||
			    !r->sym->sec || !sec_is_text(r->sym->sec)) {
				gen_err("%s: %s entry at offset 0x%lx does not "
					"point into code (type %u): not a "
					"runtime constant table this tool "
					"knows",
					c->o->unit, sec->name,
					(unsigned long)r->offset, r->type);
				return -1;
			}
			off = elf_section_append(rsec, &rec, sizeof(rec), 8);
			if (off < 0 ||
			    !elf_create_rela(c->elf, rsec, off, r->sym,
					     R_X86_64_64, r->addend) ||
			    point_to_string(c, rsec, off + 8, sym, NULL))
				return -1;
			elf_delete_rela(sec, i);
		}
		sec->omit = true;
	}
	return 0;
}

static int fix_relocs(struct genctx *c)
{
	struct section *sec =
		elf_find_section_by_name(c->elf, SUTURE_ABI_RELOCS_SECTION);
	size_t n = sec ? sec->sh.sh_size / sizeof(struct suture_abi_reloc) : 0;

	for (size_t i = 0; i < n; i++) {
		unsigned long rec = i * sizeof(struct suture_abi_reloc);
		const char *name = field_string(sec, rec + RELOC_OFF(name));
		long idx, pos;

		if (!name) {
			gen_err("%s: reloc record %zu has no name", c->o->unit,
				i);
			return -1;
		}
		pos = target_sympos(c->o->target, c->o->orig, name, &idx);
		if (idx < 0) {
			gen_err("%s: %s, referenced by the patch, is not in "
				"%s",
				c->o->unit, name,
				c->o->target->objname ?: "vmlinux");
			return -1;
		}
		if (pos < 0)
			return -1;
		put_u64(sec, rec + RELOC_OFF(sympos), pos);
		if (set_objname(c, sec, rec + RELOC_OFF(objname)))
			return -1;
		c->nr_relocs++;
	}
	return 0;
}

static int fix_callbacks(struct genctx *c)
{
	struct section *sec =
		elf_find_section_by_name(c->elf, SUTURE_ABI_CALLBACKS_SECTION);
	size_t n = sec ? sec->sh.sh_size / sizeof(struct suture_abi_callback) :
			 0;

	for (size_t i = 0; i < n; i++) {
		if (set_objname(c, sec,
				i * sizeof(struct suture_abi_callback) +
					offsetof(struct suture_abi_callback,
						 objname)))
			return -1;
		c->nr_callbacks++;
	}
	return 0;
}

static bool is_abi_section(const struct section *s)
{
	return !strncmp(s->name, ".suture.", 8);
}

/* Where does an undefined global live?  NULL objname = vmlinux. */
static int locate_global(struct genctx *c, const char *name,
			 const char **objname)
{
	const struct target *t = c->o->target;
	long i;

	if (t->objname) {
		for (i = target_find(t, name, -1); i >= 0;
		     i = target_find(t, name, i)) {
			if (!t->syms[i].local) {
				*objname = t->objname;
				return 1;
			}
		}
		if (nameset_has(c->o->exported, name)) {
			const char *mod = nameset_value(c->o->exported, name);

			if (!mod[0])
				return 0;
			/*
			 * exported by another module, which may not be loaded
			 * when the patch is (the target loads it, or after
			 * it): resolved in that module when it is there
			 */
			*objname = mod;
			return 1;
		}
		t = t->vmlinux;
		if (!t) {
			gen_err("%s: %s is not exported and no System.map was "
				"given",
				c->o->unit, name);
			return -1;
		}
	} else if (nameset_has(c->o->exported, name)) {
		return 0;
	}
	for (i = target_find(t, name, -1); i >= 0; i = target_find(t, name, i))
		if (!t->syms[i].local)
			break;
	if (i < 0) {
		gen_err("%s: %s is neither exported nor a global symbol of "
			"%s",
			c->o->unit, name, t->objname ?: "vmlinux");
		return -1;
	}
	*objname = NULL;
	return 1;
}

static int add_reloc_record(struct genctx *c, struct rela *r,
			    const char *objname)
{
	struct section *rsec =
		get_section(c->elf, SUTURE_ABI_RELOCS_SECTION, SHF_ALLOC, 8);
	struct suture_abi_reloc rec = { .type = r->type, .addend = r->addend };
	long off;

	if (!rsec)
		return -1;
	off = elf_section_append(rsec, &rec, sizeof(rec), 8);
	if (off < 0 ||
	    !elf_create_rela(c->elf, rsec, off, section_symbol(c->elf, r->sec),
			     R_X86_64_64, r->offset) ||
	    point_to_string(c, rsec, off + 8, r->sym->name, NULL) ||
	    (objname && point_to_string(c, rsec, off + 16, objname,
					objname == c->o->target->objname ?
						&c->objname_off :
						NULL)))
		return -1;
	c->nr_new_relocs++;
	return 0;
}

/*
 * The module loader refuses a module using a namespaced export without
 * "import_ns=NS" in its .modinfo (MODULE_IMPORT_NS): note @name's.
 */
static int need_namespace(struct genctx *c, const char *name)
{
	const char *ns =
		c->o->namespaces ? nameset_value(c->o->namespaces, name) : NULL;
	const char **v;

	if (!ns || !ns[0])
		return 0;
	for (size_t i = 0; i < c->nr_imports; i++)
		if (!strcmp(c->imports[i], ns))
			return 0;
	v = realloc(c->imports, (c->nr_imports + 1) * sizeof(*v));
	if (!v) {
		gen_err("%s: out of memory", c->o->unit);
		return -1;
	}
	c->imports = v;
	c->imports[c->nr_imports++] = ns;
	if (c->o->verbose)
		fprintf(stderr,
			"create-patch-module: %s: %s is in namespace %s: "
			"importing it\n",
			c->o->unit, name, ns);
	return 0;
}

/* .modinfo "import_ns=NS" for each namespace noted (Kbuild joins the
 * .modinfo of every object of the module; modpost and the loader read it) */
static int write_imports(struct genctx *c)
{
	struct section *mi;
	char buf[600];

	if (!c->nr_imports)
		return 0;
	mi = get_section(c->elf, ".modinfo", SHF_ALLOC, 1);
	if (!mi)
		return -1;
	for (size_t i = 0; i < c->nr_imports; i++) {
		int n = snprintf(buf, sizeof(buf), "import_ns=%s",
				 c->imports[i]);

		if (n < 0 || (size_t)n >= sizeof(buf) ||
		    elf_section_append(mi, buf, n + 1, 1) < 0)
			return -1;
		printf("\timport_ns\t%s\t%s\n",
		       c->o->target->objname ?: "vmlinux", c->imports[i]);
	}
	return 0;
}

static int convert_unresolvable(struct genctx *c)
{
	struct section *sec;
	struct symbol *sym;

	for_each_sec(c->elf, sec) {
		if (sec_is_rela(sec) || !sec->nr_relas || is_abi_section(sec))
			continue;
		elf_sort_relas(sec);
		for (size_t i = sec->nr_relas; i-- > 0;) {
			struct rela *r = sec->relas[i];
			const char *objname = NULL;
			int where;

			/* R_X86_64_NONE may have no symbol */
			if (!r->sym || r->sym->sec ||
			    r->sym->bind == STB_LOCAL || !r->sym->name[0] ||
			    r->sym->type == STT_SECTION)
				continue;
			where = locate_global(c, r->sym->name, &objname);
			if (where < 0)
				return -1;
			if (!where) {
				/* the module loader links it: its namespace */
				if (need_namespace(c, r->sym->name))
					return -1;
				continue;
			}
			if ((sec->sh.sh_flags & SHF_ALLOC) &&
			    add_reloc_record(c, r, objname))
				return -1;
			elf_delete_rela(sec, i);
		}
	}
	/* drop undefined symbols nothing refers to any more */
	for_each_sym(c->elf, sym) if (!sym->sec && sym->name[0] &&
				      sym->bind != STB_LOCAL) sym->omit = true;
	for_each_sec(c->elf, sec) {
		struct rela *r;
		size_t i;

		if (sec_is_rela(sec))
			continue;
		for_each_rela(sec, r, i)
		{
			if (r->sym)
				r->sym->omit = false;
		}
	}
	return 0;
}

/* Functions of the diff object that replace nothing: new functions. */
static void print_new_functions(struct genctx *c)
{
	struct section *fsec =
		elf_find_section_by_name(c->elf, SUTURE_ABI_FUNCS_SECTION);
	struct symbol *sym;

	for_each_sym(c->elf, sym)
	{
		bool replaces = false;
		struct rela *r;
		size_t i;

		if (sym->type != STT_FUNC || !sym->sec)
			continue;
		if (fsec)
			for_each_rela(
				fsec, r,
				i) if (r->offset % sizeof(struct suture_abi_func) ==
					       0 &&
				       (r->sym == sym ||
					(r->sym == sym->sec->sym &&
					 (unsigned long)r->addend ==
						 sym->offset))) replaces = true;
		if (!replaces)
			printf("\tnew\t%s\t%s\n",
			       c->o->target->objname ?: "vmlinux", sym->name);
	}
}

/* Remove entry @e (@size bytes) from @sec, with its relocations. */
static void drop_entry(struct section *sec, unsigned long e, unsigned int size)
{
	for (size_t i = sec->nr_relas; i-- > 0;) {
		struct rela *r = sec->relas[i];

		if (r->offset >= e && r->offset < e + size)
			elf_delete_rela(sec, i);
		else if (r->offset >= e + size)
			r->offset -= size;
	}
	memmove(sec->data + e, sec->data + e + size,
		sec->sh.sh_size - e - size);
	sec->sh.sh_size -= size;
}

/*
 * Entries of sections the module loader reads at load time, before the
 * core applies the reloc records, cannot point to a symbol the loader does
 * not know.  A static call site without its entry still calls the
 * trampoline (correct, a little slower): drop it.  A jump label on a
 * tracepoint without its entry keeps its default (tracepoint off in the
 * patched code): drop it with a warning.  Any other static key: refuse.
 * In klp format, jump labels on vmlinux keys stay (the loader applies
 * their .klp.rela.vmlinux entries before it reads __jump_table); those on
 * a module's keys follow the same rule.
 */
static int drop_unloadable_entries(struct genctx *c)
{
	static const char *const load_time_sections[] = {
		".static_call_sites",
		"__jump_table",
	};

	for (size_t k = 0;
	     k < sizeof(load_time_sections) / sizeof(load_time_sections[0]);
	     k++) {
		struct special_layout sp;
		struct section *sec =
			elf_find_section_by_name(c->elf, load_time_sections[k]);
		bool jump = !strcmp(load_time_sections[k], "__jump_table");
		unsigned long e;

		if (!sec || !sec->data)
			continue;
		if (!layout_special(c->o->layout, sec->name, &sp) ||
		    sp.key < 0 || !sp.size) {
			gen_err("%s: %s: the target layout has no entry size or key for it",
				c->o->unit, sec->name);
			return -1;
		}
		elf_sort_relas(sec);
		for (e = sec->sh.sh_size; e >= sp.size;) {
			const char *objname = NULL;
			struct rela *r;
			int where;

			e -= sp.size;
			r = elf_find_rela_by_offset(sec,
						    e + (unsigned long)sp.key);
			if (!r || !r->sym || r->sym->sec ||
			    r->sym->bind == STB_LOCAL ||
			    r->sym->type == STT_SECTION)
				continue;
			where = locate_global(c, r->sym->name, &objname);
			if (where < 0)
				return -1;
			/*
			 * klp: the loader applies .klp.rela.vmlinux before it
			 * sets up jump labels; a module's .klp.rela only when
			 * that module is patched, after: as in Suture's format
			 */
			if (!where || (jump && c->o->klp && !objname))
				continue;
			if (jump &&
			    strncmp(r->sym->name, "__tracepoint_", 13)) {
				gen_err("%s: the patched code uses static key "
					"%s%s%s, which is not exported (or only "
					"by a module that may not be loaded): the "
					"module loader cannot wire its jump labels",
					c->o->unit, r->sym->name,
					objname ? " of module " : "",
					objname ? objname : "");
				return -1;
			}
			if (jump)
				fprintf(stderr,
					"create-patch-module: warning: "
					"%s: %s is not exported: tracepoint %s "
					"stays off in the patched code\n",
					c->o->unit, r->sym->name,
					r->sym->name + 13);
			drop_entry(sec, e, sp.size);
			elf_sort_relas(sec);
		}
	}
	return 0;
}

/**
 * gen_fix_object() - make one diff object ready to link into the module.
 * @diff: the diff object (modified in place; the caller writes it)
 * @o: the target and the unit's original object
 *
 * Return: 0, or -1 after printing why the patch cannot be made safe.
 */
int gen_fix_object(struct elf *diff, const struct gen_opts *o)
{
	struct genctx c = { .elf = diff, .o = o, .objname_off = -1 };
	struct section *sec;

	/* records are arrays: no padding between the parts patch.lds joins */
	for_each_sec(diff, sec)
		if (is_abi_section(sec) &&
		    sec != elf_find_section_by_name(diff,
						    SUTURE_ABI_STRINGS_SECTION))
			sec->sh.sh_addralign = 8;
	c.strings = get_section(diff, SUTURE_ABI_STRINGS_SECTION, SHF_ALLOC, 1);
	if (!c.strings) {
		gen_err("%s: %s", o->unit, elf_last_error());
		return -1;
	}
	if (fix_funcs(&c) || convert_runtime_consts(&c) || fix_relocs(&c) ||
	    fix_callbacks(&c) || drop_unloadable_entries(&c) ||
	    convert_unresolvable(&c) || write_imports(&c) ||
	    gen_mark_record_branches(diff, o) < 0 ||
	    gen_keep_static_call_keys(diff, o) < 0) {
		free(c.imports);
		return -1;
	}
	free(c.imports);
	print_new_functions(&c);
	printf("%s\t%s\t%u\t%u\t%u\t%u\n", o->unit,
	       o->target->objname ?: "vmlinux", c.nr_funcs, c.nr_relocs,
	       c.nr_new_relocs, c.nr_callbacks);
	return 0;
}
