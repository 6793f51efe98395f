// SPDX-License-Identifier: GPL-2.0
/*
 * abi-dump - print what an object holds in the intermediate format of
 * kmod/patch/suture-abi.h, one record a line, for the unit tests:
 *
 *   section NAME SIZE
 *   func NAME old_size N new SYMBOL sympos P
 *   reloc NAME type T addend A place SECTION+OFFSET sympos P
 *   callback FUNCTION type T
 *   undef NAME
 *   defined NAME
 */
#include <stdio.h>
#include <string.h>

#include "elf.h"
#include "../../kmod/patch/suture-abi.h"

static const char *str_at(struct elf *elf, struct section *sec,
			  unsigned long off)
{
	struct rela *r = elf_find_rela_by_offset(sec, off);
	struct section *s;
	long o;

	if (!r || !r->sym || !r->sym->sec)
		return "?";
	s = r->sym->sec;
	o = (long)r->sym->offset + r->addend;
	(void)elf;
	if (!s->data || o < 0 || (unsigned long)o >= s->sh.sh_size)
		return "?";
	return (const char *)s->data + o;
}

static const char *sym_at(struct section *sec, unsigned long off, long *add)
{
	struct rela *r = elf_find_rela_by_offset(sec, off);

	if (!r || !r->sym)
		return "-";
	*add = r->addend;
	return r->sym->name;
}

int main(int argc, char **argv)
{
	struct section *sec;
	struct symbol *sym;
	struct elf *elf;
	unsigned long off;
	long add = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: abi-dump OBJ\n");
		return 2;
	}
	elf = elf_open(argv[1]);
	if (!elf) {
		fprintf(stderr, "abi-dump: %s\n", elf_last_error());
		return 1;
	}
	for_each_sec(elf, sec)
		if (!sec_is_rela(sec) && sec->sh.sh_type != SHT_SYMTAB &&
		    sec->sh.sh_type != SHT_STRTAB)
			printf("section %s %lu\n", sec->name,
			       (unsigned long)sec->sh.sh_size);
	sec = elf_find_section_by_name(elf, SUTURE_ABI_FUNCS_SECTION);
	for (off = 0; sec && sec->data && off + 40 <= sec->sh.sh_size;
	     off += 40) {
		struct suture_abi_func f;

		memcpy(&f, sec->data + off, sizeof(f));
		printf("func %s old_size %llu new %s sympos %llu\n",
		       str_at(elf, sec, off + 8),
		       (unsigned long long)f.old_size, sym_at(sec, off, &add),
		       (unsigned long long)f.sympos);
	}
	sec = elf_find_section_by_name(elf, SUTURE_ABI_RELOCS_SECTION);
	for (off = 0; sec && sec->data && off + 48 <= sec->sh.sh_size;
	     off += 48) {
		struct suture_abi_reloc r;
		const char *place;

		memcpy(&r, sec->data + off, sizeof(r));
		place = sym_at(sec, off, &add);
		printf("reloc %s type %u addend %lld place %s+%ld sympos %llu\n",
		       str_at(elf, sec, off + 8), r.type, (long long)r.addend,
		       place, add, (unsigned long long)r.sympos);
	}
	sec = elf_find_section_by_name(elf, SUTURE_ABI_CALLBACKS_SECTION);
	for (off = 0; sec && sec->data && off + 24 <= sec->sh.sh_size;
	     off += 24) {
		struct suture_abi_callback cb;

		memcpy(&cb, sec->data + off, sizeof(cb));
		printf("callback %s type %u\n", sym_at(sec, off, &add),
		       cb.type);
	}
	for_each_sym(elf, sym)
	{
		if (sym->type == STT_SECTION || sym->type == STT_FILE)
			continue;
		printf("%s %s\n", sym->sec ? "defined" : "undef", sym->name);
	}
	elf_close(elf);
	return 0;
}
