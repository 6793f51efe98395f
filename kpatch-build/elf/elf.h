/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf.h - Suture's one ELF layer (libsutureelf.a), on elfutils' libelf.
 *
 * Shared by create-diff-object and the module generator.  It models an
 * x86-64 ELF relocatable object as linked structures:
 *
 *   struct elf       the object: list of sections, list of symbols, hash
 *                    tables by name, arrays by index
 *   struct section   one section header plus a private copy of its bytes;
 *                    a relocated section points to its SHT_RELA section
 *                    (rsec) and owns an offset-sorted array of its struct
 *                    rela; an SHT_RELA section points back to it (base)
 *   struct symbol    one symbol-table entry, with the section it is
 *                    defined in (NULL for undefined/absolute/common)
 *   struct rela      one RELA relocation: place (base section + offset),
 *                    target symbol, type and addend
 *
 * Reading (elf_open, elf_open_mem) validates everything it touches (class,
 * machine, section header bounds, string offsets, symbol and relocation
 * indices and offsets, symbols inside their sections, alignments up to
 * 2 MiB, NOBITS up to 1 GiB, addends within +-2^40) and fails with a message (elf_last_error())
 * instead of crashing: it is fuzzed (see fuzz.c, fuzz-cdo.c).
 *
 * Writing (elf_write) produces a new ET_REL object from the model: every
 * section on the list in list order (each relocated section immediately
 * followed by a regenerated .rela section), a regenerated .symtab (the null
 * symbol, locals in list order, then globals), .strtab and .shstrtab.
 * Indices (section->idx, symbol->idx) are reassigned by elf_write.
 * Sections or symbols with ->omit set are not written (a relocation that
 * still points to an omitted symbol is an error).  A symbol without a
 * section keeps a reserved st_shndx it was given (SHN_ABS, SHN_COMMON,
 * OS-specific ones such as the kernel's SHN_LIVEPATCH), else is SHN_UNDEF.
 *
 * The fields marked "user state" are not interpreted by this layer; the
 * differ uses them for correlation and inclusion, other tools may use
 * them freely (they start at zero/NULL).
 *
 * All functions that can fail return NULL or -1 and set the message that
 * elf_last_error() returns.  Nothing here prints or exits.
 */
#ifndef _SUTURE_ELF_H
#define _SUTURE_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include "list.h"

struct elf;
struct symbol;
struct rela;

struct section {
	struct list_head list; /* on elf->sections */
	struct section *hnext; /* name hash chain */
	struct elf *elf;
	char *name;
	GElf_Shdr sh; /* sh_name/sh_offset/sh_link/sh_info
					 * are recomputed by elf_write */
	unsigned int idx; /* section index (read or last write) */
	unsigned char *data; /* sh.sh_size bytes; NULL for NOBITS */
	size_t data_cap;
	struct section *base; /* SHT_RELA: the section it relocates */
	struct section *rsec; /* the SHT_RELA section for this one */
	struct symbol *sym; /* its STT_SECTION symbol, if any */
	struct symbol **syms; /* symbols defined here, by offset */
	size_t nr_syms, syms_cap;
	bool syms_sorted;
	struct rela **relas; /* relocations of this section */
	size_t nr_relas, relas_cap;
	bool relas_sorted;
	bool omit; /* not written by elf_write */
	bool extra_rela; /* an additional SHT_RELA section for base
			  * (elf_create_rela_section): relas holds its own
			  * relocations, places in base */

	/* user state */
	struct section *twin;
	int status;
	int include;
	void *priv;
};

struct symbol {
	struct list_head list; /* on elf->symbols */
	struct symbol *hnext; /* name hash chain */
	char *name;
	GElf_Sym sym; /* as read; st_name/st_shndx rewritten */
	unsigned int idx; /* symbol index (read or last write) */
	unsigned char bind, type; /* STB_*, STT_* */
	struct section *sec; /* defining section; NULL if none */
	unsigned long offset; /* st_value */
	unsigned long size; /* st_size */
	bool omit;

	/* user state */
	struct symbol *twin;
	int status;
	int include;
	void *priv;
};

struct rela {
	struct section *sec; /* the section the place is in */
	struct symbol *sym; /* NULL for R_X86_64_NONE with symbol 0 */
	unsigned long offset;
	unsigned int type; /* R_X86_64_* */
	long addend;

	/* user state */
	void *priv;
};

struct elf {
	Elf *elf; /* NULL for an object made in memory */
	int fd;
	char *path;
	GElf_Ehdr ehdr;
	struct list_head sections;
	struct list_head symbols;
	unsigned int nr_sections, nr_symbols;
	struct section **sec_by_idx; /* as read */
	size_t nr_sec_by_idx;
	struct symbol **sym_by_idx; /* as read */
	size_t nr_sym_by_idx;
	struct section **sec_hash;
	struct symbol **sym_hash;
	unsigned int hash_size; /* power of two */
};

#define for_each_sec(e, s) list_for_each_entry(s, &(e)->sections, list)
#define for_each_sym(e, s) list_for_each_entry(s, &(e)->symbols, list)
/* iterate the relocations applying to section S (offset order) */
#define for_each_rela(s, r, i)           \
	for (elf_sort_relas(s), (i) = 0; \
	     (i) < (s)->nr_relas && ((r) = (s)->relas[i], 1); (i)++)

/**
 * elf_last_error() - message describing the last failure of this layer.
 */
const char *elf_last_error(void);

/**
 * elf_open() - read and validate an x86-64 ELF relocatable object.
 * @path: file to read
 *
 * Return: the model, or NULL (see elf_last_error()) when the file cannot
 * be read, is not a 64-bit little-endian x86-64 ET_REL object, or any
 * header, string, symbol or relocation is out of bounds.
 */
struct elf *elf_open(const char *path);

/**
 * elf_open_mem() - like elf_open() on a buffer (copied; used by the fuzzer).
 */
struct elf *elf_open_mem(const void *buf, size_t len, const char *name);

/* flags for elf_open_flags() */
#define ELF_OPEN_SKIP_DEBUG \
	0x1 /* do not load the bytes and the
					 * relocations of .debug* sections
					 * (they stay listed, data NULL);
					 * such a model cannot be written */

/**
 * elf_open_flags() - elf_open() with ELF_OPEN_* @flags (0 = elf_open).
 */
struct elf *elf_open_flags(const char *path, unsigned int flags);

/**
 * elf_create() - a new, empty x86-64 relocatable object (no file yet).
 */
struct elf *elf_create(void);

/**
 * elf_close() - free the model (and close the file it was read from).
 */
void elf_close(struct elf *elf);

/**
 * elf_write() - write the model as a new ELF relocatable object.
 * @elf: the model (from elf_open or elf_create)
 * @path: output file, created or truncated
 *
 * Return: 0, or -1 with elf_last_error() set.
 */
int elf_write(struct elf *elf, const char *path);

/* Lookups.  All return NULL when nothing matches. */
struct section *elf_find_section_by_name(struct elf *elf, const char *name);
struct section *elf_find_section_by_index(struct elf *elf, unsigned int idx);
/* a global/weak symbol of that name if any, else the first local one */
struct symbol *elf_find_symbol_by_name(struct elf *elf, const char *name);
/* the next symbol after @prev with the same name (list order), or NULL */
struct symbol *elf_find_symbol_by_name_next(struct symbol *prev);
struct symbol *elf_find_symbol_by_index(struct elf *elf, unsigned int idx);
/* a FUNC/OBJECT (else any non-section) symbol starting exactly at @off */
struct symbol *elf_find_symbol_at(struct section *sec, unsigned long off);
/* the FUNC/OBJECT symbol whose [offset, offset+size) contains @off */
struct symbol *elf_find_symbol_containing(struct section *sec,
					  unsigned long off);
/* the relocation whose place is exactly @off in @sec */
struct rela *elf_find_rela_by_offset(struct section *sec, unsigned long off);
/* the first relocation whose place is in [@off, @off + @len) */
struct rela *elf_find_rela_in_range(struct section *sec, unsigned long off,
				    unsigned long len);
/* index in sec->relas of the first relocation at or after @off */
size_t elf_rela_lower_bound(struct section *sec, unsigned long off);

/* Creation. */

/**
 * elf_create_section() - add an empty section (and its STT_SECTION symbol).
 * @type: SHT_PROGBITS, SHT_NOBITS, ...  (not SHT_RELA: relocation sections
 *        are created on demand by elf_create_rela/elf_write)
 * @flags: SHF_*
 * @entsize, @align: sh_entsize and sh_addralign (0 means 1)
 */
struct section *elf_create_section(struct elf *elf, const char *name,
				   GElf_Word type, GElf_Xword flags,
				   GElf_Xword entsize, GElf_Xword align);

/**
 * elf_create_rela_section() - add an SHT_RELA section @name for @base, apart
 * from base's own relocations (e.g. the kernel livepatch's .klp.rela.*).
 * @flags: extra SHF_* (SHF_INFO_LINK is always set)
 *
 * Add its relocations with elf_create_rela(elf, <this section>, offset in
 * @base, ...).  elf_write writes it where it is on the list, with sh_info =
 * @base and sh_link = .symtab.
 */
struct section *elf_create_rela_section(struct elf *elf, const char *name,
					struct section *base, GElf_Xword flags);

/**
 * elf_section_append() - append bytes to a section.
 * @buf: bytes to copy, or NULL for zeroes (always zeroes for NOBITS)
 * @align: pad with zeroes to this alignment first (0 or 1: none); raises
 *         sh_addralign to it if needed
 *
 * Return: the offset of the appended bytes, or -1 on allocation failure.
 */
long elf_section_append(struct section *sec, const void *buf, size_t len,
			size_t align);

/**
 * elf_create_symbol() - add a symbol.
 * @sec: defining section, or NULL for an undefined symbol
 */
struct symbol *elf_create_symbol(struct elf *elf, const char *name,
				 unsigned char bind, unsigned char type,
				 struct section *sec, unsigned long offset,
				 unsigned long size);

/**
 * elf_create_rela() - add a relocation to @sec at @offset.
 */
struct rela *elf_create_rela(struct elf *elf, struct section *sec,
			     unsigned long offset, struct symbol *sym,
			     unsigned int type, long addend);

/* drop the relocation at sec->relas[i] (keeps the order of the rest) */
void elf_delete_rela(struct section *sec, size_t i);

/* Helpers. */
void elf_sort_relas(struct section *sec);
void elf_sort_syms(struct section *sec);
/* bytes a relocation of @type writes (0 for R_X86_64_NONE/unknown) */
unsigned int elf_rela_width(unsigned int type);
/* true for PC-relative types (PC32, PLT32, PC64, GOTPCREL...) */
bool elf_rela_is_pcrel(unsigned int type);

/*
 * Rules about kernel objects that the differ and the module generator both
 * apply: each is written here once.
 */

/**
 * elf_is_init_section() - is section @name boot-time code or data: what
 * the kernel frees after init (".init.text", ".init.data", ".init.rodata",
 * ...) or early boot code (".head.text")?  Such code has run; patching it
 * changes nothing.
 */
bool elf_is_init_section(const char *name);

/**
 * elf_is_module_init_section() - does the module loader treat section
 * @name as init (freed after the module's init, left out of the module's
 * kallsyms)?  Any name starting with ".init", as the loader tests it.
 */
bool elf_is_module_init_section(const char *name);

/**
 * elf_func_calls_fentry() - does function @func start with "call
 * __fentry__" (possibly after endbr64)?  That is what makes it traceable,
 * i.e. what ftrace (and so suture.ko and klp) can redirect.
 */
bool elf_func_calls_fentry(struct symbol *func);

/**
 * elf_branch_at() - the branch instruction whose rel32 operand is at @off
 * of code section @sec: a call/jmp (e8/e9) or jcc (0f 8x) ending right
 * before it.  A RIP-relative operand's ModRM byte (mod 00, r/m 101) is
 * none of these, so data references do not match.
 * Return: the instruction's offset, or -1.
 */
long elf_branch_at(const struct section *sec, unsigned long off);

static inline bool sec_is_rela(const struct section *s)
{
	return s->sh.sh_type == SHT_RELA;
}

static inline bool sec_is_text(const struct section *s)
{
	return (s->sh.sh_flags & SHF_EXECINSTR) != 0;
}

static inline bool sec_is_strings(const struct section *s)
{
	return (s->sh.sh_flags & (SHF_MERGE | SHF_STRINGS)) ==
	       (SHF_MERGE | SHF_STRINGS);
}

#endif /* _SUTURE_ELF_H */
