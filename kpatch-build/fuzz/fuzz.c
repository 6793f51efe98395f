// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer target over the ELF reader (elf_open_mem) and the
 * lookups the differ makes on what it read.  Any crash, leak or sanitizer
 * report is a bug: malformed input must only make elf_open_mem fail.
 */
#include <stddef.h>
#include <stdint.h>

#include "elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf *elf = elf_open_mem(data, size, "fuzz");
	struct section *sec;
	struct symbol *sym;
	struct rela *rela;
	size_t i;

	if (!elf)
		return 0;
	for_each_sec(elf, sec) {
		elf_find_section_by_name(elf, sec->name);
		elf_find_symbol_containing(sec, 0);
		for_each_rela(sec, rela, i)
		{
			elf_find_rela_by_offset(sec, rela->offset);
			if (rela->sym)
				elf_find_symbol_by_name(elf, rela->sym->name);
		}
	}
	for_each_sym(elf, sym) elf_find_symbol_by_index(elf, sym->idx);
	elf_close(elf);
	return 0;
}
