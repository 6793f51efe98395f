// SPDX-License-Identifier: GPL-2.0
/*
 * check-sites - every return-thunk and retpoline-thunk branch of a linked
 * patch module has its entry in the table the module loader patches, and
 * its code has ORC unwind data.
 *
 *   check-sites [-r] [-p] [-o] MODULE.ko
 *     -r  the target has CONFIG_RETHUNK (6.1) / CONFIG_MITIGATION_RETHUNK
 *         (6.12): each jmp/jcc to __x86_return_thunk needs a .return_sites
 *         entry, else the loader leaves that return on the unpatched thunk
 *         ("Unpatched return thunk in use" when it runs)
 *     -p  the target has CONFIG_RETPOLINE / CONFIG_MITIGATION_RETPOLINE:
 *         each call/jmp to __x86_indirect_thunk_* needs a .retpoline_sites
 *         entry
 *     -o  the target has CONFIG_UNWINDER_ORC: each code section holding a
 *         function needs .orc_unwind_ip entries (without them the
 *         unwinder, and so the per-task model's reliable stack check,
 *         cannot walk through the module's functions)
 *
 * objtool writes these tables: on each object (6.1) or on the linked
 * module (6.12: CONFIG_X86_KERNEL_IBT delays objtool to the link).  Exit 0
 * when complete (prints the counts), 1 with one line per missing entry
 * (section+offset and the function), 2 on bad input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

struct table {
	const char *name; /* the sites section */
	bool (*is_thunk)(const char *sym);
	struct section *sec;
	unsigned int branches, missing;
};

static bool is_return_thunk(const char *s)
{
	return !strcmp(s, "__x86_return_thunk");
}

static bool is_indirect_thunk(const char *s)
{
	return !strncmp(s, "__x86_indirect_thunk_", 21);
}

/* does @t have an entry pointing at @sec+@off? */
static bool has_entry(const struct table *t, const struct section *sec,
		      unsigned long off)
{
	struct rela *r;
	size_t i;

	if (!t->sec)
		return false;
	for_each_rela(t->sec, r, i)
	{
		if (r->sym && r->sym->sec == sec &&
		    (long)r->sym->offset + r->addend == (long)off)
			return true;
	}
	return false;
}

static void check_section(struct table *t, struct section *sec)
{
	struct rela *r;
	size_t i;

	for_each_rela(sec, r, i)
	{
		struct symbol *f;
		long at;

		if (!r->sym || r->sym->sec || !t->is_thunk(r->sym->name))
			continue;
		at = elf_branch_at(sec, r->offset);
		if (at < 0)
			continue;
		t->branches++;
		if (has_entry(t, sec, at))
			continue;
		t->missing++;
		f = elf_find_symbol_containing(sec, at);
		printf("%s+0x%lx (%s+0x%lx): branch to %s has no %s entry\n",
		       sec->name, at, f ? f->name : "?",
		       f ? at - (long)f->offset : 0, r->sym->name, t->name);
	}
}

/* code sections with a function but no .orc_unwind_ip entry: how many */
static unsigned int check_orc(struct elf *elf)
{
	struct section *orc = elf_find_section_by_name(elf, ".orc_unwind_ip");
	unsigned int bad = 0;
	struct section *sec;

	for_each_sec(elf, sec) {
		bool has_func = false, has_entry = false;
		struct rela *r;
		size_t i;

		if (sec_is_rela(sec) || !(sec->sh.sh_flags & SHF_EXECINSTR) ||
		    !strcmp(sec->name, ".altinstr_replacement"))
			continue;
		for (i = 0; i < sec->nr_syms; i++)
			has_func |= sec->syms[i]->type == STT_FUNC &&
				    sec->syms[i]->size > 0;
		if (!has_func)
			continue;
		if (orc)
			for_each_rela(orc, r, i)
				has_entry |= r->sym && r->sym->sec == sec;
		if (has_entry)
			continue;
		printf("%s: functions without .orc_unwind_ip entries\n",
		       sec->name);
		bad++;
	}
	printf(".orc_unwind_ip: %u code section(s) without entries\n", bad);
	return bad;
}

int main(int argc, char **argv)
{
	struct table tabs[2] = {
		{ ".return_sites", is_return_thunk, NULL, 0, 0 },
		{ ".retpoline_sites", is_indirect_thunk, NULL, 0, 0 },
	};
	bool want[2] = { false, false }, want_orc = false;
	unsigned int missing = 0;
	struct section *sec;
	struct elf *elf;
	int opt;

	while ((opt = getopt(argc, argv, "rpo")) != -1) {
		if (opt == 'r')
			want[0] = true;
		else if (opt == 'p')
			want[1] = true;
		else if (opt == 'o')
			want_orc = true;
		else
			goto usage;
	}
	if (argc - optind != 1)
		goto usage;
	elf = elf_open(argv[optind]);
	if (!elf) {
		fprintf(stderr, "check-sites: %s\n", elf_last_error());
		return 2;
	}
	for (int k = 0; k < 2; k++) {
		if (!want[k])
			continue;
		tabs[k].sec = elf_find_section_by_name(elf, tabs[k].name);
		for_each_sec(elf, sec) {
			if (sec_is_rela(sec) ||
			    !(sec->sh.sh_flags & SHF_EXECINSTR) ||
			    !strcmp(sec->name, ".altinstr_replacement"))
				continue;
			check_section(&tabs[k], sec);
		}
		printf("%s: %u branch(es), %u without an entry\n", tabs[k].name,
		       tabs[k].branches, tabs[k].missing);
		missing += tabs[k].missing;
	}
	if (want_orc)
		missing += check_orc(elf);
	elf_close(elf);
	return missing ? 1 : 0;
usage:
	fprintf(stderr, "usage: check-sites [-r] [-p] [-o] MODULE.ko\n");
	return 2;
}
