// SPDX-License-Identifier: GPL-2.0
/*
 * elf-write.c - create sections, symbols and relocations in the model,
 * and write the model out as a new ELF relocatable object.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "elf-internal.h"

struct elf *elf_create(void)
{
	struct elf *elf = elf_alloc(1024);

	if (!elf)
		return NULL;
	elf->ehdr.e_ident[EI_CLASS] = ELFCLASS64;
	elf->ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
	elf->ehdr.e_machine = EM_X86_64;
	elf->ehdr.e_type = ET_REL;
	elf->ehdr.e_version = EV_CURRENT;
	return elf;
}

struct symbol *elf_create_symbol(struct elf *elf, const char *name,
				 unsigned char bind, unsigned char type,
				 struct section *sec, unsigned long offset,
				 unsigned long size)
{
	struct symbol *sym = elf_zalloc(sizeof(*sym));

	if (!sym)
		return NULL;
	sym->name = strdup(name);
	if (!sym->name) {
		free(sym);
		elf_set_error("out of memory");
		return NULL;
	}
	sym->bind = bind;
	sym->type = type;
	sym->sec = sec;
	sym->offset = offset;
	sym->size = size;
	sym->sym.st_info = GELF_ST_INFO(bind, type);
	sym->sym.st_value = offset;
	sym->sym.st_size = size;
	list_add_tail(&sym->list, &elf->symbols);
	elf->nr_symbols++;
	elf_hash_symbol(elf, sym);
	if (sec && elf_section_add_sym(sec, sym))
		return NULL;
	return sym;
}

struct section *elf_create_section(struct elf *elf, const char *name,
				   GElf_Word type, GElf_Xword flags,
				   GElf_Xword entsize, GElf_Xword align)
{
	struct section *sec;

	if (type == SHT_RELA) {
		elf_set_error("%s: relocation sections are made by elf_write",
			      name);
		return NULL;
	}
	sec = elf_zalloc(sizeof(*sec));
	if (!sec)
		return NULL;
	sec->name = strdup(name);
	if (!sec->name) {
		free(sec);
		elf_set_error("out of memory");
		return NULL;
	}
	sec->elf = elf;
	sec->sh.sh_type = type;
	sec->sh.sh_flags = flags;
	sec->sh.sh_entsize = entsize;
	sec->sh.sh_addralign = align ? align : 1;
	sec->relas_sorted = true;
	sec->syms_sorted = true;
	list_add_tail(&sec->list, &elf->sections);
	elf->nr_sections++;
	elf_hash_section(elf, sec);
	sec->sym =
		elf_create_symbol(elf, name, STB_LOCAL, STT_SECTION, sec, 0, 0);
	return sec->sym ? sec : NULL;
}

struct section *elf_create_rela_section(struct elf *elf, const char *name,
					struct section *base, GElf_Xword flags)
{
	struct section *sec;

	sec = elf_create_section(elf, name, SHT_PROGBITS, flags, 0, 8);
	if (!sec)
		return NULL;
	/* no STT_SECTION symbol for a relocation section */
	sec->sym->omit = true;
	sec->sym = NULL;
	sec->sh.sh_type = SHT_RELA;
	sec->sh.sh_entsize = sizeof(Elf64_Rela);
	sec->base = base;
	sec->extra_rela = true;
	return sec;
}

long elf_section_append(struct section *sec, const void *buf, size_t len,
			size_t align)
{
	size_t off = sec->sh.sh_size;

	if (align > 1) {
		off = (off + align - 1) & ~(align - 1);
		if (sec->sh.sh_addralign < align)
			sec->sh.sh_addralign = align;
	}
	if (sec->sh.sh_type != SHT_NOBITS) {
		if (elf_grow((void **)&sec->data, &sec->data_cap,
			     off + len ? off + len : 1, 1))
			return -1;
		memset(sec->data + sec->sh.sh_size, 0, off - sec->sh.sh_size);
		if (buf)
			memcpy(sec->data + off, buf, len);
		else
			memset(sec->data + off, 0, len);
	}
	sec->sh.sh_size = off + len;
	return (long)off;
}

struct rela *elf_create_rela(struct elf *elf, struct section *sec,
			     unsigned long offset, struct symbol *sym,
			     unsigned int type, long addend)
{
	struct rela *rela = elf_zalloc(sizeof(*rela));

	(void)elf;
	if (!rela)
		return NULL;
	rela->sec = sec;
	rela->sym = sym;
	rela->offset = offset;
	rela->type = type;
	rela->addend = addend;
	if (elf_section_add_rela(sec, rela)) {
		free(rela);
		return NULL;
	}
	return rela;
}

/* ---- writing ---- */

struct strtab {
	char *buf;
	size_t len, cap;
};

static long strtab_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1;
	long off = (long)t->len;

	if (elf_grow((void **)&t->buf, &t->cap, t->len + n, 1))
		return -1;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return off;
}

static bool written(const struct section *s)
{
	switch (s->sh.sh_type) {
	case SHT_SYMTAB:
	case SHT_STRTAB:
	case SHT_RELA:
		return s->extra_rela && !s->omit;
	case SHT_SYMTAB_SHNDX:
	case SHT_GROUP:
	case SHT_NULL:
		return false;
	default:
		return !s->omit;
	}
}

static Elf_Scn *new_scn(Elf *e, const char *what)
{
	Elf_Scn *scn = elf_newscn(e);

	if (!scn)
		elf_set_error("cannot create section %s: %s", what,
			      elf_errmsg(-1));
	return scn;
}

static int set_data(Elf_Scn *scn, void *buf, size_t size, Elf_Type type,
		    size_t align)
{
	Elf_Data *d = elf_newdata(scn);

	if (!d) {
		elf_set_error("libelf: %s", elf_errmsg(-1));
		return -1;
	}
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = align ? align : 1;
	d->d_version = EV_CURRENT;
	return 0;
}

struct writer {
	struct elf *elf;
	Elf *e;
	struct strtab shstr, str;
	GElf_Sym *syms;
	size_t nsyms;
	unsigned int first_global;
	unsigned int symtab_idx;
	void **bufs; /* rela buffers to free */
	size_t nbufs, bufs_cap;
};

static int assign_symbols(struct writer *w)
{
	struct symbol *sym;
	size_t n = 1, pass;

	w->syms = elf_zalloc((w->elf->nr_symbols + 1) * sizeof(*w->syms));
	if (!w->syms)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		for_each_sym(w->elf, sym)
		{
			GElf_Sym *gs;
			long name = 0;

			if ((sym->bind == STB_LOCAL) != (pass == 0))
				continue;
			sym->idx = 0;
			if (sym->omit || (sym->sec && sym->sec->omit))
				continue;
			if (sym->type != STT_SECTION) {
				name = strtab_add(&w->str, sym->name);
				if (name < 0)
					return -1;
			}
			gs = &w->syms[n];
			*gs = sym->sym;
			gs->st_name = name;
			gs->st_info = GELF_ST_INFO(sym->bind, sym->type);
			gs->st_value = sym->offset;
			gs->st_size = sym->size;
			if (sym->sec)
				gs->st_shndx = sym->sec->idx;
			else if (sym->sym.st_shndx < SHN_LORESERVE)
				gs->st_shndx = SHN_UNDEF;
			sym->idx = n++;
		}
		if (pass == 0)
			w->first_global = n;
	}
	w->nsyms = n;
	return 0;
}

/* @sec's relocations as the SHT_RELA section @scn, for section @base */
static int write_relas(struct writer *w, struct section *sec,
		       struct section *base, Elf_Scn *scn)
{
	GElf_Shdr sh;
	Elf64_Rela *buf;
	size_t i;

	buf = elf_zalloc(sec->nr_relas * sizeof(*buf));
	if (!buf)
		return -1;
	if (elf_grow((void **)&w->bufs, &w->bufs_cap, w->nbufs + 1,
		     sizeof(*w->bufs))) {
		free(buf);
		return -1;
	}
	w->bufs[w->nbufs++] = buf;
	elf_sort_relas(sec);
	for (i = 0; i < sec->nr_relas; i++) {
		struct rela *r = sec->relas[i];
		unsigned int si = 0;

		if (r->sym) {
			si = r->sym->idx;
			if (!si) {
				elf_set_error(
					"%s+0x%lx: relocation to symbol %s, which is not written",
					sec->name, r->offset, r->sym->name);
				return -1;
			}
		}
		buf[i].r_offset = r->offset;
		buf[i].r_info = GELF_R_INFO(si, r->type);
		buf[i].r_addend = r->addend;
	}
	if (set_data(scn, buf, sec->nr_relas * sizeof(*buf), ELF_T_RELA, 8))
		return -1;
	gelf_getshdr(scn, &sh);
	sh.sh_type = SHT_RELA;
	sh.sh_flags = SHF_INFO_LINK;
	if (sec->extra_rela)
		sh.sh_flags |= sec->sh.sh_flags;
	sh.sh_entsize = sizeof(Elf64_Rela);
	sh.sh_addralign = 8;
	sh.sh_link = w->symtab_idx;
	sh.sh_info = base->idx;
	return gelf_update_shdr(scn, &sh) ? 0 : -1;
}

static int do_write(struct writer *w, int fd)
{
	struct elf *elf = w->elf;
	struct section *sec;
	size_t idx = 1, nscn;
	Elf_Scn *scn;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	long nm;
	unsigned int shstr_idx, str_idx;

	w->e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!w->e || !gelf_newehdr(w->e, ELFCLASS64)) {
		elf_set_error("libelf: %s", elf_errmsg(-1));
		return -1;
	}
	if (strtab_add(&w->shstr, "") < 0 || strtab_add(&w->str, "") < 0)
		return -1;

	/* indices: each written section, then its .rela, then the tables */
	for_each_sec(elf, sec) {
		sec->idx = 0;
		if (!written(sec))
			continue;
		sec->idx = idx++;
		if (sec->nr_relas && !sec->extra_rela)
			idx++;
	}
	w->symtab_idx = idx;
	str_idx = idx + 1;
	shstr_idx = idx + 2;
	nscn = idx + 3;
	if (nscn >= SHN_LORESERVE) {
		elf_set_error("too many sections (%zu)", nscn);
		return -1;
	}
	if (assign_symbols(w))
		return -1;

	for_each_sec(elf, sec) {
		if (!written(sec))
			continue;
		if (!sec->data && sec->sh.sh_type != SHT_NOBITS &&
		    sec->sh.sh_size) {
			elf_set_error(
				"section %s was not loaded (ELF_OPEN_SKIP_DEBUG)",
				sec->name);
			return -1;
		}
		scn = new_scn(w->e, sec->name);
		if (!scn)
			return -1;
		if (sec->extra_rela) {
			if (!sec->base->idx) {
				elf_set_error(
					"%s: its section %s is not written",
					sec->name, sec->base->name);
				return -1;
			}
			nm = strtab_add(&w->shstr, sec->name);
			if (nm < 0 || write_relas(w, sec, sec->base, scn))
				return -1;
			gelf_getshdr(scn, &sh);
			sh.sh_name = nm;
			gelf_update_shdr(scn, &sh);
			continue;
		}
		if (set_data(scn,
			     sec->sh.sh_type == SHT_NOBITS ? NULL : sec->data,
			     sec->sh.sh_size, ELF_T_BYTE, sec->sh.sh_addralign))
			return -1;
		nm = strtab_add(&w->shstr, sec->name);
		if (nm < 0)
			return -1;
		sh = sec->sh;
		sh.sh_name = nm;
		sh.sh_offset = 0;
		sh.sh_addr = 0;
		if (sh.sh_flags & SHF_INFO_LINK)
			sh.sh_flags &= ~SHF_INFO_LINK;
		sh.sh_link = 0;
		sh.sh_info = 0;
		/* SHF_LINK_ORDER: the linked section, by its index as read */
		if ((sec->sh.sh_flags & SHF_LINK_ORDER) &&
		    sec->sh.sh_link < elf->nr_sec_by_idx &&
		    elf->sec_by_idx[sec->sh.sh_link])
			sh.sh_link = elf->sec_by_idx[sec->sh.sh_link]->idx;
		if (!gelf_update_shdr(scn, &sh)) {
			elf_set_error("%s: libelf: %s", sec->name,
				      elf_errmsg(-1));
			return -1;
		}
		if (sec->nr_relas) {
			char *rname = malloc(strlen(sec->name) + 6);

			if (!rname) {
				elf_set_error("out of memory");
				return -1;
			}
			sprintf(rname, ".rela%s", sec->name);
			nm = strtab_add(&w->shstr, rname);
			free(rname);
			scn = new_scn(w->e, sec->name);
			if (nm < 0 || !scn || write_relas(w, sec, sec, scn))
				return -1;
			gelf_getshdr(scn, &sh);
			sh.sh_name = nm;
			gelf_update_shdr(scn, &sh);
		}
	}

	/* .symtab */
	scn = new_scn(w->e, ".symtab");
	if (!scn ||
	    set_data(scn, w->syms, w->nsyms * sizeof(Elf64_Sym), ELF_T_SYM, 8))
		return -1;
	gelf_getshdr(scn, &sh);
	sh.sh_type = SHT_SYMTAB;
	sh.sh_entsize = sizeof(Elf64_Sym);
	sh.sh_addralign = 8;
	sh.sh_link = str_idx;
	sh.sh_info = w->first_global;
	nm = strtab_add(&w->shstr, ".symtab");
	sh.sh_name = nm;
	gelf_update_shdr(scn, &sh);

	/* .strtab */
	scn = new_scn(w->e, ".strtab");
	if (!scn || set_data(scn, w->str.buf, w->str.len, ELF_T_BYTE, 1))
		return -1;
	gelf_getshdr(scn, &sh);
	sh.sh_type = SHT_STRTAB;
	sh.sh_addralign = 1;
	sh.sh_name = strtab_add(&w->shstr, ".strtab");
	gelf_update_shdr(scn, &sh);

	/* .shstrtab (its own name must be in it before the data is set) */
	nm = strtab_add(&w->shstr, ".shstrtab");
	scn = new_scn(w->e, ".shstrtab");
	if (nm < 0 || !scn ||
	    set_data(scn, w->shstr.buf, w->shstr.len, ELF_T_BYTE, 1))
		return -1;
	gelf_getshdr(scn, &sh);
	sh.sh_type = SHT_STRTAB;
	sh.sh_addralign = 1;
	sh.sh_name = nm;
	gelf_update_shdr(scn, &sh);

	gelf_getehdr(w->e, &eh);
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_OSABI] = elf->ehdr.e_ident[EI_OSABI];
	eh.e_machine = EM_X86_64;
	eh.e_type = ET_REL;
	eh.e_version = EV_CURRENT;
	eh.e_flags = elf->ehdr.e_flags;
	eh.e_shstrndx = shstr_idx;
	if (!gelf_update_ehdr(w->e, &eh) || elf_update(w->e, ELF_C_WRITE) < 0) {
		elf_set_error("libelf: writing: %s", elf_errmsg(-1));
		return -1;
	}
	return 0;
}

int elf_write(struct elf *elf, const char *path)
{
	struct writer w = { .elf = elf };
	int fd, ret;
	size_t i;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		elf_set_error("libelf: version mismatch");
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		elf_set_error("%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	ret = do_write(&w, fd);
	if (w.e)
		elf_end(w.e);
	if (close(fd) && !ret) {
		elf_set_error("%s: close: %s", path, strerror(errno));
		ret = -1;
	}
	if (ret) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s: %s", path, elf_last_error());
		elf_set_error("%s", msg);
		unlink(path);
	}
	for (i = 0; i < w.nbufs; i++)
		free(w.bufs[i]);
	free(w.bufs);
	free(w.syms);
	free(w.shstr.buf);
	free(w.str.buf);
	return ret;
}
