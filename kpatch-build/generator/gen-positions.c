// SPDX-License-Identifier: GPL-2.0
/*
 * gen-positions.c - the exact position (sympos) of a unit's local symbol
 * among the target's local symbols of the same name.  Never a guess: the
 * unit's copy is told apart by one of
 *
 *   FILE symbols  the target itself (a .ko built with them), or its debug
 *                 build (-D: the -dbg package's vmlinux or .ko), keeps
 *                 STT_FILE symbols: a local belongs to the FILE before it
 *   link layout   (-L, modules) the module's units in link order (Kbuild's
 *                 .mod file) with each unit's local names: ld writes the
 *                 locals of each input object together, objects in link
 *                 order, so the unit's copy is the (number of earlier
 *                 units defining the name + 1)-th of the .ko
 *   unit layout   (-P, vmlinux) the unit compiled as the target was (no
 *                 -ffunction-sections/-fdata-sections): its input section
 *                 lies in vmlinux whole, so every named symbol of the
 *                 section holding the name sits at the same distance from
 *                 the unit's copy in System.map; exactly one candidate
 *                 must show the whole section so, else no decision
 *
 * Otherwise the name is refused with its candidates listed, except state
 * whose duplication is harmless (ratelimit _rs, __print_once,
 * __already_done, __warned): create-diff-object gives the patch its own
 * copy (livepatch-build reruns it with --copy NAME).
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

unsigned int gen_wants;

/* the unit's source file name as gcc writes it in STT_FILE: the basename */
static const char *unit_file(const struct target *t)
{
	const char *u = t->unit ? t->unit : "";
	const char *slash = strrchr(u, '/');

	return slash ? slash + 1 : u;
}

static bool file_matches(const char *file, const char *unit)
{
	size_t n = strlen(unit);

	/* FILE "x.c" for unit "x.c"; a unit given as x.o matches x.c too */
	if (!file)
		return false;
	if (!strcmp(file, unit))
		return true;
	return n > 2 && !strcmp(unit + n - 2, ".o") &&
	       !strncmp(file, unit, n - 2) && !strcmp(file + n - 2, ".c");
}

bool gen_harmless_duplicate(const char *name)
{
	static const char *const bases[] = { "_rs", "__print_once",
					     "__already_done", "__warned" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		size_t n = strlen(bases[i]);

		if (!strncmp(name, bases[i], n) &&
		    (name[n] == '\0' || name[n] == '.'))
			return true;
	}
	return false;
}

/* a .ko's symbol the module loader keeps in kallsyms (see gen-symbols.c) */
static bool in_module_kallsyms(Elf *e, size_t shstrndx, const GElf_Sym *s)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	const char *name;

	if (s->st_shndx >= SHN_LORESERVE)
		return false;
	scn = elf_getscn(e, s->st_shndx);
	if (!scn || !gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
		return false;
	name = elf_strptr(e, shstrndx, sh.sh_name);
	return name && !elf_is_module_init_section(name);
}

/*
 * Read the symbol table of @path (any ELF: the -dbg vmlinux is ET_EXEC)
 * into @t: named symbols with the STT_FILE name before each.  Only the
 * symbol table is read, never the debug sections.
 */
int target_load_files(struct target *t, const char *path)
{
	int fd = open(path, O_RDONLY);
	Elf *e;
	Elf_Scn *scn = NULL;
	size_t cap = 0;
	const char *file = NULL;
	int ret = -1;
	GElf_Ehdr eh;
	size_t shstrndx = 0;
	bool rel = false;

	if (fd < 0) {
		gen_err("cannot read %s", path);
		return -1;
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (e && gelf_getehdr(e, &eh) && elf_getshdrstrndx(e, &shstrndx) == 0)
		rel = eh.e_type == ET_REL;
	while (e && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 1; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			struct tsym *ts;

			if (!gelf_getsym(d, i, &s))
				break;
			name = elf_strptr(e, sh.sh_link, s.st_name);
			if (!name || !name[0])
				continue;
			if (GELF_ST_TYPE(s.st_info) == STT_FILE) {
				file = name;
				continue;
			}
			if (GELF_ST_TYPE(s.st_info) == STT_SECTION ||
			    s.st_shndx == SHN_UNDEF)
				continue;
			if (rel && !in_module_kallsyms(e, shstrndx, &s))
				continue;
			if (t->nr_syms == cap) {
				size_t ncap = cap ? cap * 2 : 4096;
				void *p = realloc(t->syms,
						  ncap * sizeof(*t->syms));

				if (!p)
					goto out;
				t->syms = p;
				cap = ncap;
			}
			ts = &t->syms[t->nr_syms++];
			memset(ts, 0, sizeof(*ts));
			ts->name = strdup(name);
			ts->file = file ? strdup(file) : NULL;
			ts->addr = s.st_value;
			ts->size = s.st_size;
			ts->local = GELF_ST_BIND(s.st_info) == STB_LOCAL;
			ts->kind = GELF_ST_TYPE(s.st_info) == STT_FUNC	 ? 't' :
				   GELF_ST_TYPE(s.st_info) == STT_OBJECT ? 'd' :
									   '?';
			if (!ts->name || (file && !ts->file))
				goto out;
			t->has_files |= file != NULL;
		}
		ret = 0;
		break;
	}
	if (ret)
		gen_err("%s: no symbol table (%s)", path, elf_errmsg(-1));
out:
	if (e)
		elf_end(e);
	close(fd);
	return ret;
}

/* the @n-th (1-based) local symbol named @name in @t, -1 if none */
static long nth_local(const struct target *t, const char *name, long n)
{
	for (long i = target_find(t, name, -1); i >= 0;
	     i = target_find(t, name, i))
		if (t->syms[i].local && !--n)
			return i;
	return -1;
}

static long count_locals(const struct target *t, const char *name)
{
	long n = 0;

	for (long i = target_find(t, name, -1); i >= 0;
	     i = target_find(t, name, i))
		n += t->syms[i].local;
	return n;
}

/* the local of @t named @name whose FILE is the unit's: its rank, 0 if
 * none, -1 (message printed) when several files of that name have one */
static long rank_by_file(const struct target *f, const char *name,
			 const char *unit, const char *what)
{
	long rank = 0, found = 0, n = 0;

	for (long i = target_find(f, name, -1); i >= 0;
	     i = target_find(f, name, i)) {
		if (!f->syms[i].local)
			continue;
		n++;
		if (!file_matches(f->syms[i].file, unit))
			continue;
		if (found) {
			gen_err("%s: two units named %s define it in %s: "
				"their FILE symbols cannot tell them apart",
				name, unit, what);
			return -1;
		}
		found = 1;
		rank = n;
	}
	return rank;
}

/*
 * Link layout: "unit PATH.o" lines, each followed by the unit's local
 * symbol names, one a line; units in link order.  Returns the rank of the
 * unit's copy (1-based), 0 when the layout does not say, -1 on error
 * (message printed).
 */
static long rank_by_layout(const struct target *t, const char *name,
			   long nr_target)
{
	char line[1024];
	FILE *f = fopen(t->layout, "r");
	long before = 0, total = 0, mine = 0;
	bool in_unit = false, seen_unit = false;
	const char *unit = t->unit_obj ? t->unit_obj : "";

	if (!f) {
		gen_err("cannot read the link layout %s", t->layout);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "unit ", 5)) {
			seen_unit |= in_unit;
			in_unit = !strcmp(line + 5, unit);
			continue;
		}
		if (strcmp(line, name))
			continue;
		total++;
		if (in_unit)
			mine++;
		else if (!seen_unit)
			before++;
	}
	seen_unit |= in_unit;
	fclose(f);
	if (!seen_unit) {
		gen_err("%s: unit %s is not in the link layout %s", name, unit,
			t->layout);
		return -1;
	}
	if (mine != 1) {
		gen_err("%s: unit %s defines %s local symbol of that name in "
			"the link layout %s",
			name, unit, mine ? "more than one" : "no", t->layout);
		return -1;
	}
	if (total != nr_target) {
		gen_err("%s: the units of %s define %ld in the build of the "
			"prepared tree, but %s has %ld local symbols of that "
			"name: the source, config or compiler differ from the "
			"target's build",
			name, t->objname ? t->objname : "vmlinux", total,
			t->objname ? t->objname : "vmlinux", nr_target);
		return -1;
	}
	return before + 1;
}

/* t's symbol indices sorted by name, for lookups by name (built once) */
static const struct target *sorted_for;
static long *sorted;

static int cmp_idx(const void *a, const void *b)
{
	const struct tsym *syms = sorted_for->syms;
	int c = strcmp(syms[*(const long *)a].name,
		       syms[*(const long *)b].name);

	if (c)
		return c;
	return *(const long *)a < *(const long *)b ? -1 : 1;
}

/* is there a symbol @name at @addr in @t? -1: no symbol of that name */
static int has_at(const struct target *t, const char *name, unsigned long addr)
{
	size_t lo = 0, hi = t->nr_syms;
	int seen = -1;

	if (sorted_for != t) {
		free(sorted);
		sorted = malloc(t->nr_syms * sizeof(*sorted));
		if (!sorted)
			return -1;
		for (size_t i = 0; i < t->nr_syms; i++)
			sorted[i] = i;
		sorted_for = t;
		qsort(sorted, t->nr_syms, sizeof(*sorted), cmp_idx);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->syms[sorted[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->nr_syms && !strcmp(t->syms[sorted[lo]].name, name);
	     lo++) {
		seen = 0;
		if (t->syms[sorted[lo]].addr == addr)
			return 1;
	}
	return seen;
}

/*
 * vmlinux: the candidate at whose distance every named symbol of the
 * unit's section (in the unit compiled as the target was) is found in
 * System.map.  Symbols System.map lacks by name (kallsyms leaves some
 * out) and __weak ones (another unit's definition may own the name) do not
 * count; at least one other must be found.  The rank, 0 when
 * no single candidate shows the unit's whole section (said on stderr).
 */
static long rank_by_section(const struct target *t, const char *name)
{
	struct elf *plain = elf_open(t->plain);
	struct symbol *own = NULL, *s;
	long rank = 0, n = 0, nr_match = 0, matched;

	if (!plain) {
		gen_err("%s: %s", t->plain, elf_last_error());
		return -1;
	}
	for (s = elf_find_symbol_by_name(plain, name); s;
	     s = elf_find_symbol_by_name_next(s))
		if (s->sec && s->bind == STB_LOCAL)
			own = s;
	for (long i = target_find(t, name, -1); own && i >= 0;
	     i = target_find(t, name, i)) {
		unsigned long base = t->syms[i].addr - own->offset;
		bool ok = true;

		if (!t->syms[i].local)
			continue;
		n++;
		matched = 0;
		for_each_sym(plain, s)
		{
			int r;

			/* a __weak one may be overridden: its name elsewhere */
			if (s == own || s->sec != own->sec || !s->name[0] ||
			    s->bind == STB_WEAK ||
			    (s->type != STT_FUNC && s->type != STT_OBJECT))
				continue;
			r = has_at(t, s->name, base + s->offset);
			if (r == 0) {
				ok = false;
				break;
			}
			matched += r;
		}
		if (ok && matched) {
			nr_match++;
			rank = n;
		}
	}
	if (own && nr_match != 1 && !t->quiet_positions)
		fprintf(stderr,
			"create-patch-module: %s: %ld candidates show the "
			"layout of %s's section %s: no decision from it\n",
			name, nr_match, t->unit ? t->unit : "the unit",
			own->sec->name);
	elf_close(plain);
	return nr_match == 1 ? rank : 0;
}

static void list_candidates(const struct target *t, const char *name)
{
	long n = 0;

	fprintf(stderr, "create-patch-module: candidates for %s in %s:", name,
		t->objname ? t->objname : "vmlinux");
	for (long i = target_find(t, name, -1); i >= 0;
	     i = target_find(t, name, i)) {
		if (!t->syms[i].local)
			continue;
		n++;
		fprintf(stderr, "%s #%ld at %s%lx%s%s", n > 1 ? "," : "", n,
			t->objname ? "offset " : "", t->syms[i].addr,
			t->syms[i].file ? " in " : "",
			t->syms[i].file ? t->syms[i].file : "");
	}
	fputc('\n', stderr);
}

/*
 * The position the core counts: among ALL symbols of the name in table
 * order (kallsyms for vmlinux, where a global may come first; the module's
 * symtab, where locals come first), up to the unit's copy at @idx.  Says
 * which source decided.
 */
static long decided(const struct target *t, const char *name, long idx,
		    const char *source)
{
	long pos = 0, nr = 0;

	if (idx < 0)
		return -1;
	for (long i = target_find(t, name, -1); i >= 0;
	     i = target_find(t, name, i)) {
		nr++;
		if (i <= idx)
			pos++;
	}
	if (!t->quiet_positions)
		fprintf(stderr,
			"create-patch-module: %s: position %ld of %ld in %s, "
			"from %s\n",
			name, pos, nr, t->objname ? t->objname : "vmlinux",
			source);
	return pos;
}

long target_exact_sympos(const struct target *t, const char *name, long *idx)
{
	long nr = count_locals(t, name), rank;
	const char *unit = unit_file(t);

	*idx = -1;
	/* 1. the target's own FILE symbols */
	if (t->has_files) {
		rank = rank_by_file(t, name, unit, "the target");
		if (rank < 0)
			return -1;
		if (rank) {
			*idx = nth_local(t, name, rank);
			return decided(t, name, *idx, "its FILE symbols");
		}
	}
	/* 2. the debug build's FILE symbols */
	if (t->dbg && t->dbg->has_files) {
		rank = rank_by_file(t->dbg, name, unit, t->dbg_path);
		if (rank < 0)
			return -1;
		if (rank && count_locals(t->dbg, name) != nr) {
			gen_err("%s: %s has %ld local symbols of that name, "
				"%s %ld: the debug build is not the target's",
				name, t->dbg_path, count_locals(t->dbg, name),
				t->objname ? t->objname : "vmlinux", nr);
			return -1;
		}
		if (rank && !t->objname) {
			/*
			 * vmlinux: kallsyms (System.map) is in address order;
			 * KASLR moves all addresses alike, so the rank by
			 * address in the debug build is the rank there
			 */
			unsigned long a =
				t->dbg->syms[nth_local(t->dbg, name, rank)].addr;

			rank = 1;
			for (long j = target_find(t->dbg, name, -1); j >= 0;
			     j = target_find(t->dbg, name, j))
				rank += t->dbg->syms[j].local &&
					t->dbg->syms[j].addr < a;
		}
		/* module: the same link, the same symbol order */
		if (rank) {
			*idx = nth_local(t, name, rank);
			return decided(t, name, *idx,
				       "the debug build's FILE symbols");
		}
	}
	/* 3. vmlinux: the unit's section, whole, around the candidate */
	if (t->plain && !t->objname) {
		rank = rank_by_section(t, name);
		if (rank < 0)
			return -1;
		if (rank) {
			*idx = nth_local(t, name, rank);
			return decided(t, name, *idx,
				       "the layout of its section in the unit "
				       "compiled as the target was");
		}
	}
	/* 4. the module's link layout */
	if (t->layout && t->objname) {
		rank = rank_by_layout(t, name, nr);
		if (rank <= 0)
			return -1;
		*idx = nth_local(t, name, rank);
		return decided(t, name, *idx,
			       "the link order of its units (Kbuild)");
	}
	return 0;
}

long target_sympos_refuse(const struct target *t, const char *name)
{
	long nr = count_locals(t, name);
	const char *obj = t->objname ? t->objname : "vmlinux";

	if (t->ask_layout && !t->objname && !t->plain) {
		/* livepatch-build compiles the unit as the target was */
		fprintf(stderr, "create-patch-module: need-layout %s\n", name);
		gen_wants |= GEN_WANT_LAYOUT;
		return -1;
	}
	if (t->ask_layout && t->objname && !t->layout) {
		/* livepatch-build builds the layout and runs us again */
		fprintf(stderr, "create-patch-module: need-layout %s\n", name);
		gen_wants |= GEN_WANT_LAYOUT;
		return -1;
	}
	if (gen_harmless_duplicate(name) && t->ask_layout) {
		/* livepatch-build reruns create-diff-object --copy NAME */
		fprintf(stderr, "create-patch-module: own-copy %s\n", name);
		gen_wants |= GEN_WANT_COPY;
		return -1;
	}
	gen_err("%s: %ld local symbols of that name in %s and no exact "
		"source tells which is the one of %s: install the target's "
		"-dbg package (its FILE symbols decide)%s%s",
		name, nr, obj, t->unit ? t->unit : "this unit",
		t->objname ? ", or give the module's link layout (-L)" : "",
		gen_harmless_duplicate(name) ?
			", or give the patch its own copy of this state "
			"(create-diff-object --copy)" :
			"");
	list_candidates(t, name);
	return -1;
}
