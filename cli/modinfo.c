// SPDX-License-Identifier: GPL-2.0
/*
 * modinfo.c - read the .modinfo section of a kernel module file and check
 * that a patch module was built for the running kernel.
 *
 * The file is read through elf.c (bounds-checked; see there why not
 * libelf).  Compressed modules (.ko.xz, .ko.zst) are not supported:
 * Suture's livepatch-build writes plain .ko files; decompress first.
 */
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"

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

/**
 * lp_modinfo_get() - value of the first "key=" record of .modinfo, or NULL
 */
const char *lp_modinfo_get(const struct lp_module *mod, const char *key)
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
	const unsigned char *data = NULL;
	const char *why, *v;
	struct lp_elf e;
	size_t len = 0;
	int idx;

	memset(mod, 0, sizeof(*mod));
	mod->path = path;
	if (lp_elf_map(path, &e, &why)) {
		if (why)
			lp_err("%s: not a kernel module: %s", path, why);
		return -1;
	}
	idx = lp_elf_find(&e, ".modinfo");
	if (idx >= 0)
		data = lp_elf_data(&e, idx, &len);
	if (!data) {
		lp_err("%s: not a kernel module: %s", path,
		       idx < 0 ? "no .modinfo section" :
				 "corrupt .modinfo section");
		lp_elf_unmap(&e);
		return -1;
	}
	/* Copy, NUL-terminated, so that record walking cannot run off. */
	mod->modinfo = calloc(1, len + 1);
	if (!mod->modinfo) {
		lp_elf_unmap(&e);
		lp_err("out of memory");
		return -1;
	}
	memcpy(mod->modinfo, data, len);
	mod->modinfo_len = len;
	lp_elf_unmap(&e);

	v = lp_modinfo_get(mod, "name");
	if (v && *v)
		lp_strlcpy(mod->name, v, sizeof(mod->name));
	else
		name_from_path(path, mod->name, sizeof(mod->name));
	v = lp_modinfo_get(mod, "vermagic");
	lp_strlcpy(mod->vermagic, v ? v : "", sizeof(mod->vermagic));
	v = lp_modinfo_get(mod, "suture_release");
	if (v && *v) {
		lp_strlcpy(mod->release, v, sizeof(mod->release));
	} else {
		lp_strlcpy(mod->release, mod->vermagic, sizeof(mod->release));
		mod->release[strcspn(mod->release, " ")] = '\0';
	}
	v = lp_modinfo_get(mod, "suture_build");
	lp_strlcpy(mod->build, v ? v : "", sizeof(mod->build));
	v = lp_modinfo_get(mod, "suture_patch");
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
