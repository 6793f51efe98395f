/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf-internal.h - helpers shared by elf.c, elf-read.c and elf-write.c only.
 */
#ifndef _SUTURE_ELF_INTERNAL_H
#define _SUTURE_ELF_INTERNAL_H

#include "elf.h"

void elf_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *elf_zalloc(size_t n);
int elf_grow(void **arr, size_t *cap, size_t need, size_t elsize);
struct elf *elf_alloc(size_t hash_hint);
void elf_hash_section(struct elf *elf, struct section *sec);
void elf_hash_symbol(struct elf *elf, struct symbol *sym);
int elf_section_add_sym(struct section *sec, struct symbol *sym);
int elf_section_add_rela(struct section *sec, struct rela *rela);
/* read from @buf, which the caller keeps until this returns */
struct elf *elf_read_buffer(void *buf, size_t len, const char *name,
			    unsigned int flags);

#endif /* _SUTURE_ELF_INTERNAL_H */
