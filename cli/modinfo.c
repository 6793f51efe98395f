// SPDX-License-Identifier: GPL-2.0
/*
 * modinfo.c - read the .modinfo section of a kernel module file and check
 * that a patch module was built for the running kernel.
 *
 * The file is read through elf.c (bounds-checked; see there why not
 * libelf).  Compressed modules (.ko.xz, .ko.zst) are not supported:
 * Suture's livepatch-build writes plain .ko files; decompress first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * The name the kernel will give the module: struct module's name field in
 * .gnu.linkonce.this_module (offset 24 on x86-64 from 6.1 to 6.12: after
 * the state and the list head; MODULE_NAME_LEN 56 bytes).  Empty when the
 * file has no such section (the kernel refuses to load it then); -1, said,
 * when the section is too short or the name is not terminated.
 */
#define THIS_MODULE_NAME_OFF 24
#define THIS_MODULE_NAME_LEN 56
static int this_module_name(const struct lp_elf *e, const char *path, char *buf,
			    size_t len)
{
	const unsigned char *data = NULL;
	size_t n = 0;
	int idx;

	buf[0] = '\0';
	idx = lp_elf_find(e, ".gnu.linkonce.this_module");
	if (idx < 0)
		return 0;
	data = lp_elf_data(e, idx, &n);
	if (!data || n < THIS_MODULE_NAME_OFF + THIS_MODULE_NAME_LEN ||
	    !memchr(data + THIS_MODULE_NAME_OFF, '\0', THIS_MODULE_NAME_LEN) ||
	    len < THIS_MODULE_NAME_LEN) {
		lp_err("%s: corrupt .gnu.linkonce.this_module section (no "
		       "terminated module name at offset %d): rebuild the module",
		       lp_esc(path), THIS_MODULE_NAME_OFF);
		return -1;
	}
	memcpy(buf, data + THIS_MODULE_NAME_OFF, THIS_MODULE_NAME_LEN);
	return 0;
}

/**
 * lp_module_read_elf() - read the identity of a mapped module file
 * @e:    the file, mapped with lp_elf_map()/lp_elf_map_fd()
 * @path: its name (kept in @mod->path; the file name gives the module
 *        name when .modinfo has none)
 * @mod:  filled on success; release with lp_module_free()
 *
 * Return: 0, or -1 after printing why it is not a kernel module.
 */
int lp_module_read_elf(const struct lp_elf *e, const char *path,
		       struct lp_module *mod)
{
	const unsigned char *data = NULL;
	char kname[THIS_MODULE_NAME_LEN];
	const char *v;
	size_t len = 0;
	int idx;

	memset(mod, 0, sizeof(*mod));
	mod->path = path;
	if (this_module_name(e, path, kname, sizeof(kname)))
		return -1;
	idx = lp_elf_find(e, ".modinfo");
	if (idx >= 0)
		data = lp_elf_data(e, idx, &len);
	if (!data) {
		lp_err("%s: not a kernel module: %s", lp_esc(path),
		       idx < 0 ? "no .modinfo section" :
				 "corrupt .modinfo section");
		return -1;
	}
	/* Copy, NUL-terminated, so that record walking cannot run off. */
	mod->modinfo = calloc(1, len + 1);
	if (!mod->modinfo) {
		lp_err("out of memory");
		return -1;
	}
	memcpy(mod->modinfo, data, len);
	mod->modinfo_len = len;
	lp_sig_read(e->img, e->size, &mod->sig);

	v = lp_modinfo_get(mod, "name");
	if (v && *v && *kname && strcmp(v, kname)) {
		/* the kernel goes by struct module's name, modprobe by .modinfo's */
		lp_err("%s: the module is named %s in .modinfo but %s in "
		       ".gnu.linkonce.this_module (the name the kernel uses): a "
		       "broken or altered build; rebuild it",
		       lp_esc(path), lp_esc(v), lp_esc(kname));
		free(mod->modinfo);
		mod->modinfo = NULL;
		return -1;
	}
	if (v && *v)
		lp_strlcpy(mod->name, v, sizeof(mod->name));
	else if (*kname)
		lp_strlcpy(mod->name, kname, sizeof(mod->name));
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

/**
 * lp_module_read_fd() - read the identity of an open module file
 * @fd:   the file (stays open: `load` gives this very fd to finit_module)
 * @path: its name, for messages
 * @mod:  filled on success; release with lp_module_free()
 *
 * Return: 0, or -1 after printing why.
 */
int lp_module_read_fd(int fd, const char *path, struct lp_module *mod)
{
	const char *why;
	struct lp_elf e;
	int rc;

	memset(mod, 0, sizeof(*mod));
	mod->path = path;
	if (lp_elf_map_fd(fd, path, &e, &why)) {
		if (why)
			lp_err("%s: not a kernel module: %s", lp_esc(path),
			       why);
		return -1;
	}
	rc = lp_module_read_elf(&e, path, mod);
	lp_elf_unmap(&e);
	return rc;
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
	int fd, rc;

	memset(mod, 0, sizeof(*mod));
	mod->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", lp_esc(path), strerror(errno));
		return -1;
	}
	rc = lp_module_read_fd(fd, path, mod);
	close(fd);
	return rc;
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
/**
 * lp_name_ok() - is @name a valid patch name?
 *
 * A patch name becomes a sysfs directory, a file name under
 * /var/lib/suture and /run/suture, and a module name: 1-55 characters of
 * a-z, 0-9 and '_' (what livepatch-build -n accepts).
 */
bool lp_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n <= 55 && !name[n];
}

int lp_module_check_kernel(const struct lp_module *mod)
{
	const char *rel = lp_kernel_release();
	size_t vl;

	if (!mod->is_patch) {
		lp_err("%s: not a Suture patch module (no suture_patch=Y in "
		       ".modinfo); build patches with livepatch-build",
		       lp_esc(mod->path));
		return -1;
	}
	if (!lp_name_ok(mod->name)) {
		lp_err("%s: invalid patch name \"%s\" in .modinfo: a patch "
		       "name is 1-55 characters of a-z, 0-9 and _",
		       lp_esc(mod->path), lp_esc(mod->name));
		return -1;
	}
	if (strcmp(mod->release, rel)) {
		lp_err("%s: wrong kernel: built for release %s, but the "
		       "running kernel is %s; rebuild it with "
		       "`livepatch-build -k %s`",
		       lp_esc(mod->path),
		       mod->release[0] ? lp_esc(mod->release) : "(unknown)",
		       rel, rel);
		return -1;
	}
	vl = strlen(rel);
	if (mod->vermagic[0] &&
	    (strncmp(mod->vermagic, rel, vl) ||
	     (mod->vermagic[vl] != ' ' && mod->vermagic[vl] != '\0'))) {
		lp_err("%s: wrong kernel: vermagic \"%s\" does not name the "
		       "running release %s",
		       lp_esc(mod->path), lp_esc(mod->vermagic), rel);
		return -1;
	}
	if (!mod->build[0]) {
		lp_err("%s: the module does not record the kernel build it "
		       "was made for (no suture_build in .modinfo); expected "
		       "suture_build=%s",
		       lp_esc(mod->path), lp_kernel_build_id());
		return -1;
	}
	if (!lp_build_matches(mod->build)) {
		lp_err("%s: wrong kernel build: made for %s build \"%s\", "
		       "but the running kernel is build \"%s\" (uname -v: "
		       "%s); rebuild it against the running kernel's source",
		       lp_esc(mod->path), lp_esc(mod->release),
		       lp_esc(mod->build), lp_kernel_build_id(),
		       lp_kernel_version());
		return -1;
	}
	return 0;
}
