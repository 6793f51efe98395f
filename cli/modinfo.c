// SPDX-License-Identifier: GPL-2.0
/*
 * modinfo.c - read the .modinfo section of a kernel module file and check
 * that a patch module was built for the running kernel.
 *
 * This is a deliberately small, bounds-checked ELF64 reader rather than the
 * team's libelf layer (kpatch-build/elf.c): `livepatch` must run as one
 * static binary in minimal environments (initramfs, busybox VMs, rescue
 * shells), it only ever needs one section of one file, and a static libelf
 * drags in zlib/zstd for compressed sections we never read.  Every offset
 * and size read from the file is checked against the file size before use.
 * Compressed modules (.ko.xz, .ko.zst) are not supported: Suture's
 * livepatch-build writes plain .ko files; decompress first.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

/*
 * Find .modinfo in the mapped image; on success point @data and @len at it.
 * Returns 0, or -1 with a message in @why.
 */
static int find_modinfo(const unsigned char *img, size_t size,
			const unsigned char **data, size_t *len,
			const char **why)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh, *strsh;
	unsigned int i;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		*why = "not an ELF file";
		return -1;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		*why = "not a little-endian 64-bit ELF file";
		return -1;
	}
	if (eh->e_type != ET_REL) {
		*why = "not a relocatable object (a .ko is ET_REL)";
		return -1;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    !range_ok(size, eh->e_shoff,
		      (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    eh->e_shoff % 8) {
		*why = "corrupt ELF section header table";
		return -1;
	}
	sh = (const void *)(img + eh->e_shoff);
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum) {
		*why = "no section name table";
		return -1;
	}
	strsh = &sh[eh->e_shstrndx];
	if (strsh->sh_type == SHT_NOBITS ||
	    !range_ok(size, strsh->sh_offset, strsh->sh_size)) {
		*why = "corrupt section name table";
		return -1;
	}
	for (i = 0; i < eh->e_shnum; i++) {
		const char *names = (const char *)img + strsh->sh_offset;
		uint64_t n = sh[i].sh_name;

		if (n >= strsh->sh_size ||
		    strnlen(names + n, strsh->sh_size - n) ==
			    strsh->sh_size - n)
			continue; /* unterminated name: ignore the section */
		if (strcmp(names + n, ".modinfo"))
			continue;
		if (sh[i].sh_type == SHT_NOBITS ||
		    !range_ok(size, sh[i].sh_offset, sh[i].sh_size)) {
			*why = "corrupt .modinfo section";
			return -1;
		}
		*data = img + sh[i].sh_offset;
		*len = sh[i].sh_size;
		return 0;
	}
	*why = "no .modinfo section (not a kernel module)";
	return -1;
}

/**
 * lp_modinfo_next() - iterate over the "key=value" records of .modinfo
 * @mod:  a module read by lp_module_read()
 * @prev: the previous record, or NULL for the first
 *
 * Return: the next NUL-terminated record, or NULL at the end.  Empty
 * strings (alignment padding between records) are skipped.
 */
const char *lp_modinfo_next(const struct lp_module *mod, const char *prev)
{
	const char *end = mod->modinfo + mod->modinfo_len;
	const char *p;

	p = prev ? prev + strlen(prev) + 1 : mod->modinfo;
	while (p < end && !*p)
		p++;
	return p < end ? p : NULL;
}

/* Value of the first "key=" record, or NULL. */
static const char *modinfo_get(const struct lp_module *mod, const char *key)
{
	size_t kl = strlen(key);
	const char *r = NULL;

	while ((r = lp_modinfo_next(mod, r)))
		if (!strncmp(r, key, kl) && r[kl] == '=')
			return r + kl + 1;
	return NULL;
}

static void name_from_path(const char *path, char *buf, size_t len)
{
	const char *b = strrchr(path, '/');
	char *dot;

	lp_strlcpy(buf, b ? b + 1 : path, len);
	dot = strstr(buf, ".ko");
	if (dot)
		*dot = '\0';
	for (dot = buf; *dot; dot++)
		if (*dot == '-')
			*dot = '_';
}

/**
 * lp_module_read() - read the identity of a module file
 * @path: the .ko file
 * @mod:  filled on success; release with lp_module_free()
 *
 * Prints the reason and returns -1 when the file is missing, unreadable,
 * or not a kernel module.  Whether it is a Suture patch is left to the
 * caller (@mod->is_patch).
 */
int lp_module_read(const char *path, struct lp_module *mod)
{
	const unsigned char *data;
	const char *why, *v;
	struct stat st;
	void *img;
	size_t len;
	int fd;

	memset(mod, 0, sizeof(*mod));
	mod->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		lp_err("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0 || (unsigned long)st.st_size > LP_MAX_MODULE_SIZE) {
		lp_err("%s: not a kernel module (size %lld)", path,
		       (long long)st.st_size);
		close(fd);
		return -1;
	}
	img = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED) {
		lp_err("%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	if (find_modinfo(img, st.st_size, &data, &len, &why)) {
		lp_err("%s: not a kernel module: %s", path, why);
		munmap(img, st.st_size);
		return -1;
	}
	/* Copy, NUL-terminated, so that record walking cannot run off. */
	mod->modinfo = calloc(1, len + 1);
	if (!mod->modinfo) {
		munmap(img, st.st_size);
		lp_err("out of memory");
		return -1;
	}
	memcpy(mod->modinfo, data, len);
	mod->modinfo_len = len;
	munmap(img, st.st_size);

	v = modinfo_get(mod, "name");
	if (v && *v)
		lp_strlcpy(mod->name, v, sizeof(mod->name));
	else
		name_from_path(path, mod->name, sizeof(mod->name));
	v = modinfo_get(mod, "vermagic");
	lp_strlcpy(mod->vermagic, v ? v : "", sizeof(mod->vermagic));
	v = modinfo_get(mod, "suture_release");
	if (v && *v) {
		lp_strlcpy(mod->release, v, sizeof(mod->release));
	} else {
		lp_strlcpy(mod->release, mod->vermagic, sizeof(mod->release));
		mod->release[strcspn(mod->release, " ")] = '\0';
	}
	v = modinfo_get(mod, "suture_build");
	lp_strlcpy(mod->build, v ? v : "", sizeof(mod->build));
	v = modinfo_get(mod, "suture_patch");
	mod->is_patch = v &&
			(!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1"));
	return 0;
}

void lp_module_free(struct lp_module *mod)
{
	free(mod->modinfo);
	mod->modinfo = NULL;
}

/**
 * lp_module_check_kernel() - refuse a module not made for the running kernel
 * @mod: a module read by lp_module_read()
 *
 * Checks that it is a Suture patch module, that its release matches
 * `uname -r` (and vermagic's release agrees), and that its build identity
 * (suture_build) matches the running kernel's build (the version Debian
 * prints in `uname -v`).  Prints what was expected and returns -1 on
 * mismatch.
 */
int lp_module_check_kernel(const struct lp_module *mod)
{
	const char *rel = lp_kernel_release();
	size_t vl;

	if (!mod->is_patch) {
		lp_err("%s: not a Suture patch module (no suture_patch=Y in "
		       ".modinfo); build patches with livepatch-build",
		       mod->path);
		return -1;
	}
	if (strcmp(mod->release, rel)) {
		lp_err("%s: wrong kernel: built for release %s, but the "
		       "running kernel is %s; rebuild it with "
		       "`livepatch-build -k %s`",
		       mod->path, mod->release[0] ? mod->release : "(unknown)",
		       rel, rel);
		return -1;
	}
	vl = strlen(rel);
	if (mod->vermagic[0] &&
	    (strncmp(mod->vermagic, rel, vl) ||
	     (mod->vermagic[vl] != ' ' && mod->vermagic[vl] != '\0'))) {
		lp_err("%s: wrong kernel: vermagic \"%s\" does not name the "
		       "running release %s",
		       mod->path, mod->vermagic, rel);
		return -1;
	}
	if (!mod->build[0]) {
		lp_err("%s: the module does not record the kernel build it "
		       "was made for (no suture_build in .modinfo); expected "
		       "suture_build=%s",
		       mod->path, lp_kernel_build_id());
		return -1;
	}
	if (!lp_build_matches(mod->build)) {
		lp_err("%s: wrong kernel build: made for %s build \"%s\", "
		       "but the running kernel is build \"%s\" (uname -v: "
		       "%s); rebuild it against the running kernel's source",
		       mod->path, mod->release, mod->build,
		       lp_kernel_build_id(), lp_kernel_version());
		return -1;
	}
	return 0;
}
