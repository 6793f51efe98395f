// SPDX-License-Identifier: GPL-2.0
/*
 * gen-branches.c - a placeholder relocation at every branch whose target
 * is a relocation record.
 *
 * A record (.suture.relocs) leaves its place without an ELF relocation:
 * suture.ko (or, --format klp, the kernel's livepatch core) writes it at
 * registration.  A call or jmp rel32 so written looks, to anything reading
 * the object before that, like a branch to the next instruction.  Kernels
 * whose Kbuild runs objtool on the linked module instead of on each object
 * (CONFIG_X86_KERNEL_IBT or CONFIG_LTO_CLANG: 6.12 generic) run it on the
 * patch module: objtool stops at the first such call ("unannotated
 * intra-function call") and writes none of .return_sites,
 * .retpoline_sites, .call_sites, .ibt_endbr_seal, .static_call_sites or
 * ORC for the module, so the loader leaves its returns on the unpatched
 * return thunk and the unwinder has no data for its functions.
 *
 * So each record place in code that is the rel32 of a call, jmp or jcc
 * also gets an ordinary relocation to suture_record_site (glue-records.h:
 * a function that returns), which objtool reads as a call to a function;
 * the module loader applies it, and the record overwrites it before the
 * code can run.  create-klp-module drops these again (the kernel's
 * livepatch relocations need a zero place).
 */
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "../kmod/patch/suture-abi.h"

/**
 * gen_mark_record_branches() - give every branch record place in code a
 * relocation to suture_record_site (see the top of this file).
 * @elf:  the diff object, its records complete
 * @unit: its source file, for messages
 *
 * Return: the number of places marked, or -1.
 */
int gen_mark_record_branches(struct elf *elf, const char *unit)
{
	struct section *rsec =
		elf_find_section_by_name(elf, SUTURE_ABI_RELOCS_SECTION);
	size_t n = rsec ? rsec->sh.sh_size / sizeof(struct suture_abi_reloc) :
			  0;
	struct symbol *site = NULL;
	int marked = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned long rec = i * sizeof(struct suture_abi_reloc);
		struct rela *p = elf_find_rela_by_offset(rsec, rec);
		struct section *sec;
		unsigned long off;
		__u32 type;

		if (!rsec->data)
			break;
		memcpy(&type,
		       rsec->data + rec +
			       offsetof(struct suture_abi_reloc, type),
		       sizeof(type));
		if (type != R_X86_64_PC32 && type != R_X86_64_PLT32)
			continue;
		if (!p || !p->sym || !p->sym->sec) {
			fprintf(stderr,
				"create-patch-module: error: %s: reloc record %zu has no place\n",
				unit, i);
			return -1;
		}
		sec = p->sym->sec;
		off = p->sym->offset + p->addend;
		if (!(sec->sh.sh_flags & SHF_EXECINSTR) ||
		    elf_branch_at(sec, off) < 0 ||
		    elf_find_rela_by_offset(sec, off))
			continue;
		if (!site) {
			site = elf_create_symbol(elf, SUTURE_RECORD_SITE,
						 STB_GLOBAL, STT_NOTYPE, NULL,
						 0, 0);
			if (!site)
				return -1;
		}
		if (!elf_create_rela(elf, sec, off, site, R_X86_64_PLT32, -4))
			return -1;
		marked++;
	}
	return marked;
}
