// SPDX-License-Identifier: GPL-2.0
/*
 * elf-read.c - build the model of elf.h from an object file in memory,
 * validating every index, offset and string it uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "elf-internal.h"

/* no kernel object comes close: 2 MiB alignment, 1 GiB of .bss */
#define ELF_MAX_ALIGN (1ULL << 21)
#define ELF_MAX_NOBITS (1ULL << 30)
/* and no addend beyond +-2^40 (offsets and addends are added freely) */
#define ELF_MAX_ADDEND (1L << 40)

struct reader {
	struct elf *elf;
	unsigned int flags;
	Elf *e;
	const char *name;
	size_t len;
	size_t shnum;
	size_t shstrndx;
};

static bool libelf_ready(void)
{
	static int ready;

	if (!ready)
		ready = elf_version(EV_CURRENT) != EV_NONE ? 1 : -1;
	return ready > 0;
}

static int read_ehdr(struct reader *r)
{
	GElf_Ehdr *eh = &r->elf->ehdr;

	if (elf_kind(r->e) != ELF_K_ELF) {
		elf_set_error("%s: not an ELF file", r->name);
		return -1;
	}
	if (!gelf_getehdr(r->e, eh)) {
		elf_set_error("%s: bad ELF header: %s", r->name,
			      elf_errmsg(-1));
		return -1;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		elf_set_error("%s: not a 64-bit little-endian ELF file",
			      r->name);
		return -1;
	}
	if (eh->e_machine != EM_X86_64) {
		elf_set_error(
			"%s: wrong machine %u (only x86-64, %u, is supported)",
			r->name, eh->e_machine, EM_X86_64);
		return -1;
	}
	if (eh->e_type != ET_REL) {
		elf_set_error("%s: not a relocatable object (e_type %u)",
			      r->name, eh->e_type);
		return -1;
	}
	if (eh->e_shoff > r->len ||
	    (eh->e_shnum ? eh->e_shnum : 1) * (size_t)sizeof(Elf64_Shdr) >
		    r->len - eh->e_shoff) {
		elf_set_error(
			"%s: truncated or broken: the section header table (offset %llu) extends beyond the end of the file (%zu bytes)",
			r->name, (unsigned long long)eh->e_shoff, r->len);
		return -1;
	}
	if (elf_getshdrnum(r->e, &r->shnum) ||
	    elf_getshdrstrndx(r->e, &r->shstrndx)) {
		elf_set_error("%s: broken section headers: %s", r->name,
			      elf_errmsg(-1));
		return -1;
	}
	if (r->shnum == 0 || r->shnum > (1u << 24) || r->shstrndx >= r->shnum ||
	    r->shstrndx == 0) {
		elf_set_error(
			"%s: broken section headers (%zu sections, names in %zu)",
			r->name, r->shnum, r->shstrndx);
		return -1;
	}
	return 0;
}

static bool generated_type(GElf_Word type)
{
	return type == SHT_SYMTAB || type == SHT_STRTAB || type == SHT_RELA ||
	       type == SHT_SYMTAB_SHNDX;
}

static bool is_debug(const char *name)
{
	return !strncmp(name, ".debug", 6) || !strncmp(name, ".rela.debug", 11);
}

static int read_sections(struct reader *r)
{
	struct elf *elf = r->elf;
	size_t i;

	elf->sec_by_idx = elf_zalloc(r->shnum * sizeof(*elf->sec_by_idx));
	if (!elf->sec_by_idx)
		return -1;
	elf->nr_sec_by_idx = r->shnum;
	for (i = 1; i < r->shnum; i++) {
		Elf_Scn *scn = elf_getscn(r->e, i);
		struct section *sec;
		const char *name;
		Elf_Data *d;

		sec = elf_zalloc(sizeof(*sec));
		if (!sec)
			return -1;
		list_add_tail(&sec->list, &elf->sections);
		elf->nr_sections++;
		elf->sec_by_idx[i] = sec;
		sec->elf = elf;
		sec->idx = i;
		sec->relas_sorted = true;
		if (!scn || !gelf_getshdr(scn, &sec->sh)) {
			elf_set_error("%s: broken section header %zu", r->name,
				      i);
			return -1;
		}
		name = elf_strptr(r->e, r->shstrndx, sec->sh.sh_name);
		if (!name) {
			elf_set_error("%s: section %zu: bad name offset",
				      r->name, i);
			return -1;
		}
		sec->name = strdup(name);
		if (!sec->name) {
			elf_set_error("out of memory");
			return -1;
		}
		elf_hash_section(elf, sec);
		if (sec->sh.sh_type == SHT_REL) {
			elf_set_error(
				"%s: section %s: SHT_REL is not used on x86-64",
				r->name, name);
			return -1;
		}
		/* bounds that keep every later layout (and output) sane */
		if (sec->sh.sh_addralign > ELF_MAX_ALIGN ||
		    (sec->sh.sh_addralign & (sec->sh.sh_addralign - 1))) {
			elf_set_error(
				"%s: section %s: implausible alignment %llu",
				r->name, name,
				(unsigned long long)sec->sh.sh_addralign);
			return -1;
		}
		if (sec->sh.sh_type == SHT_NOBITS &&
		    sec->sh.sh_size > ELF_MAX_NOBITS) {
			elf_set_error("%s: section %s: implausible size %llu",
				      r->name, name,
				      (unsigned long long)sec->sh.sh_size);
			return -1;
		}
		if (sec->sh.sh_type == SHT_NOBITS)
			continue;
		if ((r->flags & ELF_OPEN_SKIP_DEBUG) && is_debug(name))
			continue;
		if (sec->sh.sh_offset > r->len ||
		    sec->sh.sh_size > r->len - sec->sh.sh_offset) {
			elf_set_error("%s: section %s: data beyond end of file",
				      r->name, name);
			return -1;
		}
		if (sec->sh.sh_type == SHT_STRTAB &&
		    (i == r->shstrndx || !strcmp(name, ".strtab")))
			continue; /* regenerated; read through libelf */
		if (generated_type(sec->sh.sh_type) &&
		    sec->sh.sh_type != SHT_STRTAB)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || d->d_size != sec->sh.sh_size ||
		    (d->d_size && !d->d_buf)) {
			elf_set_error("%s: section %s: cannot read data: %s",
				      r->name, name, elf_errmsg(-1));
			return -1;
		}
		sec->data = malloc(d->d_size ? d->d_size : 1);
		if (!sec->data) {
			elf_set_error("out of memory");
			return -1;
		}
		if (d->d_size)
			memcpy(sec->data, d->d_buf, d->d_size);
		sec->data_cap = d->d_size;
	}
	return 0;
}

static struct section *sec_at(struct reader *r, size_t idx)
{
	if (idx == 0 || idx >= r->shnum)
		return NULL;
	return r->elf->sec_by_idx[idx];
}

static int read_symbols(struct reader *r)
{
	struct elf *elf = r->elf;
	struct section *symtab = NULL, *strtab, *s;
	Elf_Data *d, *xd = NULL;
	size_t i, count;

	for_each_sec(elf, s) {
		if (s->sh.sh_type != SHT_SYMTAB)
			continue;
		if (symtab) {
			elf_set_error("%s: more than one symbol table",
				      r->name);
			return -1;
		}
		symtab = s;
	}
	if (!symtab) {
		elf->sym_by_idx = elf_zalloc(sizeof(*elf->sym_by_idx));
		elf->nr_sym_by_idx = 1;
		return elf->sym_by_idx ? 0 : -1;
	}
	strtab = sec_at(r, symtab->sh.sh_link);
	if (!strtab || strtab->sh.sh_type != SHT_STRTAB ||
	    symtab->sh.sh_entsize != sizeof(Elf64_Sym)) {
		elf_set_error("%s: broken symbol table header", r->name);
		return -1;
	}
	for_each_sec(elf, s) {
		if (s->sh.sh_type == SHT_SYMTAB_SHNDX &&
		    s->sh.sh_link == symtab->idx)
			xd = elf_getdata(elf_getscn(r->e, s->idx), NULL);
	}
	d = elf_getdata(elf_getscn(r->e, symtab->idx), NULL);
	if (!d) {
		elf_set_error("%s: cannot read the symbol table", r->name);
		return -1;
	}
	count = symtab->sh.sh_size / sizeof(Elf64_Sym);
	if (count == 0 || count > (1u << 26)) {
		elf_set_error("%s: bad symbol count %zu", r->name, count);
		return -1;
	}
	elf->sym_by_idx = elf_zalloc(count * sizeof(*elf->sym_by_idx));
	if (!elf->sym_by_idx)
		return -1;
	elf->nr_sym_by_idx = count;
	for (i = 1; i < count; i++) {
		struct symbol *sym;
		GElf_Word xndx = 0;
		const char *name;
		size_t shndx;

		sym = elf_zalloc(sizeof(*sym));
		if (!sym)
			return -1;
		list_add_tail(&sym->list, &elf->symbols);
		elf->nr_symbols++;
		elf->sym_by_idx[i] = sym;
		sym->idx = i;
		if (!gelf_getsymshndx(d, xd, i, &sym->sym, &xndx)) {
			elf_set_error("%s: cannot read symbol %zu", r->name, i);
			return -1;
		}
		sym->bind = GELF_ST_BIND(sym->sym.st_info);
		sym->type = GELF_ST_TYPE(sym->sym.st_info);
		sym->offset = sym->sym.st_value;
		sym->size = sym->sym.st_size;
		shndx = sym->sym.st_shndx;
		if (shndx == SHN_XINDEX)
			shndx = xndx;
		else if (shndx >= SHN_LORESERVE)
			shndx = 0; /* ABS, COMMON: no section */
		if (shndx) {
			sym->sec = sec_at(r, shndx);
			if (!sym->sec) {
				elf_set_error(
					"%s: symbol %zu: bad section index %zu",
					r->name, i, shndx);
				return -1;
			}
		}
		if (sym->type == STT_SECTION && sym->sec) {
			name = sym->sec->name;
			if (!sym->sec->sym)
				sym->sec->sym = sym;
		} else {
			name = elf_strptr(r->e, strtab->idx, sym->sym.st_name);
		}
		if (!name) {
			elf_set_error("%s: symbol %zu: bad name offset",
				      r->name, i);
			return -1;
		}
		sym->name = strdup(name);
		if (!sym->name) {
			elf_set_error("out of memory");
			return -1;
		}
		elf_hash_symbol(elf, sym);
		if (sym->sec && sym->type != STT_SECTION &&
		    (sym->offset > sym->sec->sh.sh_size ||
		     sym->size > sym->sec->sh.sh_size - sym->offset)) {
			elf_set_error(
				"%s: symbol %s extends beyond its section %s",
				r->name, sym->name, sym->sec->name);
			return -1;
		}
		if (sym->sec && elf_section_add_sym(sym->sec, sym))
			return -1;
	}
	return 0;
}

static int read_relas(struct reader *r, struct section *rsec)
{
	struct elf *elf = r->elf;
	struct section *base = sec_at(r, rsec->sh.sh_info);
	Elf_Data *d;
	size_t i, count;

	if (!base || base == rsec || sec_is_rela(base) || base->rsec) {
		elf_set_error("%s: section %s: bad relocated section index %u",
			      r->name, rsec->name, rsec->sh.sh_info);
		return -1;
	}
	if (rsec->sh.sh_entsize != sizeof(Elf64_Rela) ||
	    rsec->sh.sh_size % sizeof(Elf64_Rela)) {
		elf_set_error("%s: section %s: bad entry size", r->name,
			      rsec->name);
		return -1;
	}
	rsec->base = base;
	base->rsec = rsec;
	count = rsec->sh.sh_size / sizeof(Elf64_Rela);
	if (!count ||
	    ((r->flags & ELF_OPEN_SKIP_DEBUG) && is_debug(base->name)))
		return 0;
	if (rsec->sh.sh_offset > r->len ||
	    rsec->sh.sh_size > r->len - rsec->sh.sh_offset) {
		elf_set_error("%s: section %s: data beyond end of file",
			      r->name, rsec->name);
		return -1;
	}
	d = elf_getdata(elf_getscn(r->e, rsec->idx), NULL);
	if (!d) {
		elf_set_error("%s: section %s: cannot read", r->name,
			      rsec->name);
		return -1;
	}
	base->relas = elf_zalloc(count * sizeof(*base->relas));
	if (!base->relas)
		return -1;
	base->relas_cap = count;
	for (i = 0; i < count; i++) {
		struct rela *rela;
		GElf_Rela gr;
		size_t symi;
		unsigned int w;

		if (!gelf_getrela(d, i, &gr)) {
			elf_set_error("%s: section %s: cannot read entry %zu",
				      r->name, rsec->name, i);
			return -1;
		}
		rela = elf_zalloc(sizeof(*rela));
		if (!rela)
			return -1;
		rela->sec = base;
		rela->offset = gr.r_offset;
		rela->type = GELF_R_TYPE(gr.r_info);
		rela->addend = gr.r_addend;
		symi = GELF_R_SYM(gr.r_info);
		if (elf_section_add_rela(base, rela)) {
			free(rela);
			return -1;
		}
		if (symi >= elf->nr_sym_by_idx ||
		    (symi == 0 && rela->type != R_X86_64_NONE)) {
			elf_set_error(
				"%s: section %s: entry %zu: bad symbol index %zu",
				r->name, rsec->name, i, symi);
			return -1;
		}
		rela->sym = elf->sym_by_idx[symi];
		if (rela->addend > ELF_MAX_ADDEND ||
		    rela->addend < -ELF_MAX_ADDEND) {
			elf_set_error(
				"%s: section %s: entry %zu: implausible addend %ld",
				r->name, rsec->name, i, rela->addend);
			return -1;
		}
		w = elf_rela_width(rela->type);
		if (base->sh.sh_type != SHT_NOBITS &&
		    (rela->offset > base->sh.sh_size ||
		     w > base->sh.sh_size - rela->offset)) {
			elf_set_error(
				"%s: section %s: relocation at 0x%lx is outside %s",
				r->name, rsec->name, rela->offset, base->name);
			return -1;
		}
	}
	return 0;
}

struct elf *elf_open_mem(const void *buf, size_t len, const char *name)
{
	struct elf *elf;
	void *copy;

	if (len < sizeof(Elf64_Ehdr)) {
		elf_set_error(
			"%s: truncated (%zu bytes, not even an ELF header)",
			name ? name : "<memory>", len);
		return NULL;
	}
	copy = malloc(len);
	if (!copy) {
		elf_set_error("%s: out of memory", name ? name : "<memory>");
		return NULL;
	}
	memcpy(copy, buf, len);
	elf = elf_read_buffer(copy, len, name, 0);
	free(copy);
	return elf;
}

struct elf *elf_read_buffer(void *copy, size_t len, const char *name,
			    unsigned int flags)
{
	struct reader r = {
		.name = name ? name : "<memory>",
		.len = len,
		.flags = flags,
	};
	struct section *sec;

	if (!libelf_ready()) {
		elf_set_error("libelf: version mismatch");
		return NULL;
	}
	if (len < sizeof(Elf64_Ehdr)) {
		elf_set_error(
			"%s: truncated (%zu bytes, not even an ELF header)",
			r.name, len);
		return NULL;
	}
	r.e = elf_memory(copy, len);
	if (!r.e) {
		elf_set_error("%s: libelf: %s", r.name, elf_errmsg(-1));
		return NULL;
	}
	r.elf = elf_alloc(len / 64);
	if (!r.elf)
		goto fail;
	r.elf->path = strdup(r.name);
	if (read_ehdr(&r) || read_sections(&r) || read_symbols(&r))
		goto fail;
	for_each_sec(r.elf, sec)
		if (sec_is_rela(sec) && read_relas(&r, sec))
			goto fail;
	for_each_sec(r.elf, sec) {
		elf_sort_relas(sec);
		elf_sort_syms(sec);
	}
	elf_end(r.e);
	return r.elf;
fail:
	elf_close(r.elf);
	elf_end(r.e);
	return NULL;
}
