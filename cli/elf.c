// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - a small, bounds-checked, read-only view of an ELF64 relocatable
 * (a .ko): the section table, sections by name, their bytes.
 *
 * Why not the team's libelf layer (kpatch-build/elf/elf.[ch]): `livepatch`
 * must be one static binary that runs in minimal environments (initramfs,
 * busybox, rescue shells); it reads a few sections of one file, and a
 * static libelf pulls in zlib/zstd for compressed sections it never needs.
 * Every offset and size taken from the file is checked against the file
 * size before use; test/cli feeds it mutated and crafted modules, and
 * fuzz-modinfo (make fuzz) fuzzes it.
 *
 * Linear time: whether a string at some offset of a section is
 * terminated is answered from the position of the section's last NUL,
 * found once per section (not by scanning from the offset on each
 * lookup: a crafted file with many names pointing into one long
 * unterminated run made that quadratic).
 */
#define _GNU_SOURCE /* memrchr */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "livepatch.h"

/* Largest module file we are willing to map. */
#define LP_MAX_MODULE_SIZE (512UL << 20)

static bool range_ok(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/**
 * lp_elf_map_fd() - map an open module file read-only, validate its
 * section table
 * @fd:   the file, open for reading (left open: the caller may load it)
 * @path: its name, for messages
 * @e:    filled on success; release with lp_elf_unmap()
 * @why:  on failure, why it is not a kernel module (NULL when the file
 *        could not be read at all: the error was printed)
 *
 * Return: 0 or -1.
 */
int lp_elf_map_fd(int fd, const char *path, struct lp_elf *e, const char **why)
{
	struct stat st;
	void *map;

	memset(e, 0, sizeof(*e));
	*why = NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		lp_err("%s: not a regular file", path);
		return -1;
	}
	if (st.st_size < (off_t)sizeof(Elf64_Ehdr) ||
	    (unsigned long)st.st_size > LP_MAX_MODULE_SIZE) {
		*why = "not an ELF file (size)";
		return -1;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		lp_err("%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	if (lp_elf_open_mem(map, st.st_size, e, why)) {
		munmap(map, st.st_size);
		return -1;
	}
	e->map = map;
	return 0;
}

/**
 * lp_elf_open_mem() - validate the section table of a module in memory
 * @img:  the file's bytes (kept: they must outlive @e)
 * @size: their number
 * @e:    filled on success; release with lp_elf_unmap()
 * @why:  on failure, why it is not a kernel module
 *
 * Return: 0 or -1.
 */
int lp_elf_open_mem(const void *img, size_t size, struct lp_elf *e,
		    const char **why)
{
	const Elf64_Ehdr *eh;

	memset(e, 0, sizeof(*e));
	*why = NULL;
	if (size < sizeof(Elf64_Ehdr) || size > LP_MAX_MODULE_SIZE) {
		*why = "not an ELF file (size)";
		return -1;
	}
	e->img = img;
	e->size = size;
	eh = img;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		*why = "not an ELF file";
		goto bad;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		*why = "not a little-endian 64-bit ELF file";
		goto bad;
	}
	if (eh->e_type != ET_REL) {
		*why = "not a relocatable object (a .ko is ET_REL)";
		goto bad;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    !range_ok(e->size, eh->e_shoff,
		      (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    eh->e_shoff % 8) {
		*why = "corrupt ELF section header table";
		goto bad;
	}
	e->sh = (const void *)(e->img + eh->e_shoff);
	e->nr = eh->e_shnum;
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= e->nr) {
		*why = "no section name table";
		goto bad;
	}
	e->shstr = &e->sh[eh->e_shstrndx];
	if (e->shstr->sh_type == SHT_NOBITS ||
	    !range_ok(e->size, e->shstr->sh_offset, e->shstr->sh_size)) {
		*why = "corrupt section name table";
		goto bad;
	}
	e->str_end = calloc(e->nr, sizeof(*e->str_end));
	if (!e->str_end) {
		lp_err("out of memory");
		lp_elf_unmap(e);
		return -1;
	}
	return 0;
bad:
	lp_elf_unmap(e);
	return -1;
}

/**
 * lp_elf_map() - open and map a module file, see lp_elf_map_fd()
 */
int lp_elf_map(const char *path, struct lp_elf *e, const char **why)
{
	int fd, rc;

	memset(e, 0, sizeof(*e));
	*why = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", path, strerror(errno));
		return -1;
	}
	rc = lp_elf_map_fd(fd, path, e, why);
	close(fd);
	return rc;
}

void lp_elf_unmap(struct lp_elf *e)
{
	if (e->map)
		munmap(e->map, e->size);
	free(e->str_end);
	memset(e, 0, sizeof(*e));
}

/**
 * lp_elf_string() - a NUL-terminated string inside section @idx
 * @e:   a mapped file
 * @idx: index of a string table (or any section holding strings)
 * @off: offset in it
 *
 * Return: the string, or NULL when out of range or unterminated.
 */
const char *lp_elf_string(const struct lp_elf *e, unsigned int idx,
			  uint64_t off)
{
	size_t len;
	const char *s = lp_elf_data(e, idx, &len);
	const char *nul;

	if (!s || off >= len)
		return NULL;
	/* str_end[idx]: 1 + the offset of the last NUL, or 0 = not found */
	if (!e->str_end[idx].known) {
		nul = memrchr(s, '\0', len);
		e->str_end[idx].known = true;
		e->str_end[idx].end = nul ? (size_t)(nul - s) + 1 : 0;
	}
	if (off >= e->str_end[idx].end)
		return NULL; /* no NUL after @off */
	return s + off;
}

/**
 * lp_elf_find() - index of the first section named @name, or -1
 */
int lp_elf_find(const struct lp_elf *e, const char *name)
{
	unsigned int i;

	for (i = 0; i < e->nr; i++) {
		const char *n = lp_elf_string(
			e, (unsigned int)(e->shstr - e->sh), e->sh[i].sh_name);

		if (n && !strcmp(n, name))
			return (int)i;
	}
	return -1;
}

/**
 * lp_elf_data() - the bytes of section @idx
 * @len: receives the size
 *
 * Return: NULL for SHT_NOBITS, a bad index, or a section outside the file.
 */
const void *lp_elf_data(const struct lp_elf *e, unsigned int idx, size_t *len)
{
	const Elf64_Shdr *s;

	*len = 0;
	if (idx >= e->nr)
		return NULL;
	s = &e->sh[idx];
	if (s->sh_type == SHT_NOBITS ||
	    !range_ok(e->size, s->sh_offset, s->sh_size))
		return NULL;
	*len = s->sh_size;
	return e->img + s->sh_offset;
}
