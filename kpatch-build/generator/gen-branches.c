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
 *
 * In klp format a jump label on a vmlinux key the loader cannot link
 * keeps its __jump_table entry, the key field a record that becomes a
 * .klp.rela.vmlinux.__jump_table relocation.  objtool reads every entry's
 * key relocation (for its addend: the branch's kind) and, finding none,
 * stops ("can't find key reloc") with the same result.  That place gets a
 * placeholder relocation to suture_record_site too, of the record's type
 * and addend; create-klp-module drops it before writing the livepatch
 * one (suture's own format refuses such keys: its records come too late
 * for the loader's jump label setup).
 *
 * The same objtool names a static call site's key after the symbol
 * __SCK__NAME when the object has it, else after the trampoline
 * __SCT__NAME, which the module loader maps to a key only for a
 * trampoline exported with EXPORT_STATIC_CALL_TRAMP (any other: "Failed
 * to fixup __raw_static_call() usage", the load fails).  static_call()
 * keeps __SCK__NAME in the object through a .discard.addressable entry,
 * which the differ leaves behind with the rest of the unit; so for every
 * trampoline the changed code calls whose key vmlinux exports
 * (EXPORT_STATIC_CALL, EXPORT_TRACEPOINT_SYMBOL: the loader resolves it)
 * gen_keep_static_call_keys() puts such an entry back.  A key that is not
 * exported must not be named: the loader resolves every undefined symbol.
 */
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "../kmod/patch/suture-abi.h"

/* the rel32 of a call, jmp or jcc in code, left to a record */
static bool is_branch_place(struct section *sec, unsigned long off, __u32 type)
{
	return (type == R_X86_64_PC32 || type == R_X86_64_PLT32) &&
	       (sec->sh.sh_flags & SHF_EXECINSTR) &&
	       elf_branch_at(sec, off) >= 0;
}

/* klp: a jump label key field left to a record (see the top of the file) */
static bool is_klp_key_place(const struct gen_opts *o, struct section *sec,
			     __u32 type)
{
	return o->klp && !strcmp(sec->name, "__jump_table") &&
	       (type == R_X86_64_PC64 || type == R_X86_64_64);
}

/**
 * gen_mark_record_branches() - give every branch record place in code (and,
 * in klp format, every jump label key record place) a relocation to
 * suture_record_site (see the top of this file).
 * @elf:  the diff object, its records complete
 * @o:    the generator's options (klp format, the unit for messages)
 *
 * Return: the number of places marked, or -1.
 */
int gen_mark_record_branches(struct elf *elf, const struct gen_opts *o)
{
	const char *unit = o->unit;
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
		__s64 addend = -4;
		bool key;
		__u32 type;

		if (!rsec->data)
			break;
		memcpy(&type,
		       rsec->data + rec +
			       offsetof(struct suture_abi_reloc, type),
		       sizeof(type));
		if (type != R_X86_64_PC32 && type != R_X86_64_PLT32 &&
		    type != R_X86_64_PC64 && type != R_X86_64_64)
			continue;
		if (!p || !p->sym || !p->sym->sec) {
			fprintf(stderr,
				"create-patch-module: error: %s: reloc record %zu has no place\n",
				unit, i);
			return -1;
		}
		sec = p->sym->sec;
		off = p->sym->offset + p->addend;
		key = is_klp_key_place(o, sec, type);
		if ((!key && !is_branch_place(sec, off, type)) ||
		    elf_find_rela_by_offset(sec, off))
			continue;
		if (key)
			memcpy(&addend,
			       rsec->data + rec +
				       offsetof(struct suture_abi_reloc,
						addend),
			       sizeof(addend));
		if (!site) {
			site = elf_create_symbol(elf, SUTURE_RECORD_SITE,
						 STB_GLOBAL, STT_NOTYPE, NULL,
						 0, 0);
			if (!site)
				return -1;
		}
		if (!elf_create_rela(elf, sec, off, site,
				     key ? type : R_X86_64_PLT32, addend))
			return -1;
		marked++;
	}
	return marked;
}

#define SCT_PREFIX "__SCT__"
#define SCK_PREFIX "__SCK__"
#define PREFIX_LEN (sizeof(SCT_PREFIX) - 1)

/* does a relocation of a code section of @elf point to @sym? */
static bool called_from_code(struct elf *elf, const struct symbol *sym)
{
	struct section *sec;
	struct rela *r;
	size_t i;

	for_each_sec(elf, sec) {
		if (!(sec->sh.sh_flags & SHF_EXECINSTR))
			continue;
		for_each_rela(sec, r, i)
		{
			if (r->sym == sym)
				return true;
		}
	}
	return false;
}

/**
 * gen_keep_static_call_keys() - name the key of each static call of the
 * changed code whose key vmlinux exports (see the top of this file).
 * @elf: the diff object
 * @o:   its options: Module.symvers' names (value: the exporting module,
 *       "" for vmlinux) and namespaces (a namespaced key is left out: its
 *       import would have to be added), the unit for messages
 *
 * Return: the number of keys named, or -1.
 */
int gen_keep_static_call_keys(struct elf *elf, const struct gen_opts *o)
{
	const struct nameset *exported = o->exported;
	struct section *addr = NULL;
	struct symbol *sym;
	int kept = 0;

	for_each_sym(elf, sym)
	{
		char key[512];
		struct symbol *k;
		long off;

		if (sym->sec || strncmp(sym->name, SCT_PREFIX, PREFIX_LEN) ||
		    snprintf(key, sizeof(key), SCK_PREFIX "%s",
			     sym->name + PREFIX_LEN) >= (int)sizeof(key) ||
		    !nameset_has(exported, key) ||
		    nameset_value(exported, key)[0] ||
		    (o->namespaces && nameset_has(o->namespaces, key) &&
		     nameset_value(o->namespaces, key)[0]) ||
		    elf_find_symbol_by_name(elf, key) ||
		    !called_from_code(elf, sym))
			continue;
		if (!addr)
			addr = elf_find_section_by_name(elf,
							".discard.addressable");
		if (!addr)
			addr = elf_create_section(elf, ".discard.addressable",
						  SHT_PROGBITS,
						  SHF_ALLOC | SHF_WRITE, 0, 8);
		k = elf_create_symbol(elf, key, STB_GLOBAL, STT_NOTYPE, NULL, 0,
				      0);
		off = addr ? elf_section_append(addr, NULL, 8, 8) : -1;
		if (!k || off < 0 ||
		    !elf_create_rela(elf, addr, off, k, R_X86_64_64, 0)) {
			fprintf(stderr,
				"create-patch-module: error: %s: cannot name static call key %s: %s\n",
				o->unit, key, elf_last_error());
			return -1;
		}
		kept++;
	}
	return kept;
}
