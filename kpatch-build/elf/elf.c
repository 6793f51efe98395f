// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - read, model and look up an x86-64 ELF relocatable object.
 * Writing is in elf-write.c.  See elf.h for the model.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "elf-internal.h"

static char last_error[512];

const char *elf_last_error(void)
{
	return last_error[0] ? last_error : "unknown error";
}

void elf_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

void *elf_zalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		elf_set_error("out of memory (%zu bytes)", n);
	return p;
}

int elf_grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*arr, ncap * elsize);
	if (!p) {
		elf_set_error("out of memory");
		return -1;
	}
	*arr = p;
	*cap = ncap;
	return 0;
}

static unsigned int hash_str(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

static int hash_init(struct elf *elf, size_t count)
{
	unsigned int size = 1024;

	while (size < count * 2 && size < (1u << 24))
		size *= 2;
	elf->hash_size = size;
	elf->sec_hash = elf_zalloc(size * sizeof(*elf->sec_hash));
	elf->sym_hash = elf_zalloc(size * sizeof(*elf->sym_hash));
	return elf->sec_hash && elf->sym_hash ? 0 : -1;
}

void elf_hash_section(struct elf *elf, struct section *sec)
{
	unsigned int b = hash_str(sec->name) & (elf->hash_size - 1);
	struct section **pp = &elf->sec_hash[b];

	/* keep file order within a chain: lookups return the first */
	while (*pp)
		pp = &(*pp)->hnext;
	sec->hnext = NULL;
	*pp = sec;
}

void elf_hash_symbol(struct elf *elf, struct symbol *sym)
{
	unsigned int b = hash_str(sym->name) & (elf->hash_size - 1);
	struct symbol **pp = &elf->sym_hash[b];

	while (*pp)
		pp = &(*pp)->hnext;
	sym->hnext = NULL;
	*pp = sym;
}

struct section *elf_find_section_by_name(struct elf *elf, const char *name)
{
	struct section *s;

	s = elf->sec_hash[hash_str(name) & (elf->hash_size - 1)];
	for (; s; s = s->hnext)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

struct section *elf_find_section_by_index(struct elf *elf, unsigned int idx)
{
	struct section *s;

	if (idx < elf->nr_sec_by_idx && elf->sec_by_idx[idx])
		return elf->sec_by_idx[idx];
	for_each_sec(elf, s)
		if (s->idx == idx && idx)
			return s;
	return NULL;
}

struct symbol *elf_find_symbol_by_name(struct elf *elf, const char *name)
{
	struct symbol *s, *first = NULL;

	s = elf->sym_hash[hash_str(name) & (elf->hash_size - 1)];
	for (; s; s = s->hnext) {
		if (strcmp(s->name, name))
			continue;
		if (s->bind != STB_LOCAL)
			return s;
		if (!first)
			first = s;
	}
	return first;
}

struct symbol *elf_find_symbol_by_name_next(struct symbol *prev)
{
	struct symbol *s;

	for (s = prev->hnext; s; s = s->hnext)
		if (!strcmp(s->name, prev->name))
			return s;
	return NULL;
}

struct symbol *elf_find_symbol_by_index(struct elf *elf, unsigned int idx)
{
	if (idx < elf->nr_sym_by_idx)
		return elf->sym_by_idx[idx];
	return NULL;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol *const *)a;
	const struct symbol *y = *(struct symbol *const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return 0;
}

void elf_sort_syms(struct section *sec)
{
	if (sec->syms_sorted)
		return;
	if (sec->nr_syms > 1)
		qsort(sec->syms, sec->nr_syms, sizeof(*sec->syms), cmp_sym);
	sec->syms_sorted = true;
}

static bool sym_is_data_or_func(const struct symbol *s)
{
	return s->type == STT_FUNC || s->type == STT_OBJECT;
}

struct symbol *elf_find_symbol_at(struct section *sec, unsigned long off)
{
	struct symbol *any = NULL;
	size_t i;

	elf_sort_syms(sec);
	for (i = 0; i < sec->nr_syms; i++) {
		struct symbol *s = sec->syms[i];

		if (s->offset > off)
			break;
		if (s->offset != off || s->type == STT_SECTION)
			continue;
		if (sym_is_data_or_func(s))
			return s;
		if (!any && s->type != STT_FILE)
			any = s;
	}
	return any;
}

struct symbol *elf_find_symbol_containing(struct section *sec,
					  unsigned long off)
{
	struct symbol *best = NULL;
	size_t i;

	elf_sort_syms(sec);
	for (i = 0; i < sec->nr_syms; i++) {
		struct symbol *s = sec->syms[i];

		if (s->offset > off)
			break;
		if (!sym_is_data_or_func(s))
			continue;
		if (off < s->offset + (s->size ? s->size : 1))
			best = s;
	}
	return best;
}

static int cmp_rela(const void *a, const void *b)
{
	const struct rela *x = *(struct rela *const *)a;
	const struct rela *y = *(struct rela *const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

void elf_sort_relas(struct section *sec)
{
	if (sec->relas_sorted)
		return;
	/* qsort is not stable; relocations at one place keep file order */
	if (sec->nr_relas > 1) {
		size_t i;
		bool sorted = true;

		for (i = 1; i < sec->nr_relas; i++)
			if (sec->relas[i - 1]->offset > sec->relas[i]->offset)
				sorted = false;
		if (!sorted)
			qsort(sec->relas, sec->nr_relas, sizeof(*sec->relas),
			      cmp_rela);
	}
	sec->relas_sorted = true;
}

size_t elf_rela_lower_bound(struct section *sec, unsigned long off)
{
	size_t lo = 0, hi;

	elf_sort_relas(sec);
	hi = sec->nr_relas;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->relas[mid]->offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct rela *elf_find_rela_by_offset(struct section *sec, unsigned long off)
{
	size_t i = elf_rela_lower_bound(sec, off);

	if (i < sec->nr_relas && sec->relas[i]->offset == off)
		return sec->relas[i];
	return NULL;
}

struct rela *elf_find_rela_in_range(struct section *sec, unsigned long off,
				    unsigned long len)
{
	size_t i = elf_rela_lower_bound(sec, off);

	if (i < sec->nr_relas && sec->relas[i]->offset < off + len)
		return sec->relas[i];
	return NULL;
}

void elf_delete_rela(struct section *sec, size_t i)
{
	if (i >= sec->nr_relas)
		return;
	free(sec->relas[i]);
	memmove(&sec->relas[i], &sec->relas[i + 1],
		(sec->nr_relas - i - 1) * sizeof(*sec->relas));
	sec->nr_relas--;
}

unsigned int elf_rela_width(unsigned int type)
{
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return 4;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	default:
		return 0;
	}
}

bool elf_rela_is_pcrel(unsigned int type)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_PC64:
	case R_X86_64_PC16:
	case R_X86_64_PC8:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return true;
	default:
		return false;
	}
}

int elf_section_add_sym(struct section *sec, struct symbol *sym)
{
	if (elf_grow((void **)&sec->syms, &sec->syms_cap, sec->nr_syms + 1,
		     sizeof(*sec->syms)))
		return -1;
	sec->syms[sec->nr_syms++] = sym;
	sec->syms_sorted = false;
	return 0;
}

int elf_section_add_rela(struct section *sec, struct rela *rela)
{
	if (elf_grow((void **)&sec->relas, &sec->relas_cap, sec->nr_relas + 1,
		     sizeof(*sec->relas)))
		return -1;
	if (sec->nr_relas &&
	    sec->relas[sec->nr_relas - 1]->offset > rela->offset)
		sec->relas_sorted = false;
	sec->relas[sec->nr_relas++] = rela;
	return 0;
}

struct elf *elf_alloc(size_t hash_hint)
{
	struct elf *elf = elf_zalloc(sizeof(*elf));

	if (!elf)
		return NULL;
	elf->fd = -1;
	list_init(&elf->sections);
	list_init(&elf->symbols);
	if (hash_init(elf, hash_hint)) {
		elf_close(elf);
		return NULL;
	}
	return elf;
}

void elf_close(struct elf *elf)
{
	struct section *sec, *stmp;
	struct symbol *sym, *ytmp;
	size_t i;

	if (!elf)
		return;
	list_for_each_entry_safe(sec, stmp, &elf->sections, list) {
		for (i = 0; i < sec->nr_relas; i++)
			free(sec->relas[i]);
		free(sec->relas);
		free(sec->syms);
		free(sec->data);
		free(sec->name);
		free(sec);
	}
	list_for_each_entry_safe(sym, ytmp, &elf->symbols, list) {
		free(sym->name);
		free(sym);
	}
	free(elf->sec_by_idx);
	free(elf->sym_by_idx);
	free(elf->sec_hash);
	free(elf->sym_hash);
	if (elf->elf)
		elf_end(elf->elf);
	if (elf->fd >= 0)
		close(elf->fd);
	free(elf->path);
	free(elf);
}

struct elf *elf_open(const char *path)
{
	return elf_open_flags(path, 0);
}

struct elf *elf_open_flags(const char *path, unsigned int flags)
{
	struct elf *elf;
	struct stat st;
	void *buf;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		elf_set_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		elf_set_error("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		elf_set_error("%s: out of memory", path);
		close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, (char *)buf + got, st.st_size - got);
		if (n <= 0) {
			elf_set_error("%s: read failed", path);
			free(buf);
			close(fd);
			return NULL;
		}
		got += n;
	}
	close(fd);
	elf = elf_read_buffer(buf, got, path, flags);
	free(buf);
	return elf;
}

bool elf_is_init_section(const char *name)
{
	return !strncmp(name, ".init.", 6) || !strncmp(name, ".head.text", 10);
}

bool elf_is_module_init_section(const char *name)
{
	return !strncmp(name, ".init", 5);
}

bool elf_func_calls_fentry(struct symbol *func)
{
	struct section *sec = func->sec;
	size_t i;

	if (!sec)
		return false;
	/* "call __fentry__" is e8 + rel32 at the start, or after the 4
	 * bytes of endbr64: its relocation is at +1 or +5 */
	i = elf_rela_lower_bound(sec, func->offset);
	for (; i < sec->nr_relas && sec->relas[i]->offset <= func->offset + 5;
	     i++) {
		struct rela *r = sec->relas[i];

		if (r->sym && !strcmp(r->sym->name, "__fentry__") &&
		    (r->offset == func->offset + 1 ||
		     r->offset == func->offset + 5))
			return true;
	}
	return false;
}

long elf_branch_at(const struct section *sec, unsigned long off)
{
	const unsigned char *d = sec->data;

	if (!d || off < 1 || off + 4 > sec->sh.sh_size)
		return -1;
	if (d[off - 1] == 0xe8 || d[off - 1] == 0xe9)
		return (long)off - 1;
	if (off >= 2 && d[off - 2] == 0x0f && (d[off - 1] & 0xf0) == 0x80)
		return (long)off - 2;
	return -1;
}
