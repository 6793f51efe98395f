// SPDX-License-Identifier: GPL-2.0
/*
 * owner.c - a function is live-patched by one core at a time: before a
 * Suture patch loads, no enabled kernel livepatch (klp) patch may change
 * one of its functions, and the other way round.  Both cores redirect
 * with an IPMODIFY ftrace ops, which the kernel allows once per function:
 * the second would fail deep in the load with -EBUSY.  This check names
 * the owner instead.  Both sysfs trees name a function OBJ/FUNC,POS
 * (POS 1 for a unique name).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "livepatch.h"

/* the enabled patch of @root that changes @f, in @owner; false if none */
static bool find_owner(const char *root, bool klp, const struct lp_abi_func *f,
		       char *owner, size_t len)
{
	DIR *d = opendir(root);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char p[1024];
		struct stat st;

		if (e->d_name[0] == '.' || !lp_valid_name(e->d_name))
			continue;
		snprintf(p, sizeof(p), "%s/%s/%s/%s,%lu", root, e->d_name,
			 f->object[0] ? f->object : "vmlinux", f->name,
			 f->sympos ? f->sympos : 1);
		if (stat(p, &st) || !S_ISDIR(st.st_mode))
			continue;
		/* a klp patch is in sysfs while enabled or in transition; a
		 * Suture one also when disabled or replaced: not an owner */
		if (!klp && lp_attr_int(e->d_name, "enabled", 0) != 1 &&
		    lp_attr_int(e->d_name, "transition", 0) != 1)
			continue;
		snprintf(owner, len, "%s", e->d_name);
		found = true;
	}
	closedir(d);
	return found;
}

/**
 * lp_check_other_core() - refuse a patch the other core is in the way of
 * @fd:   the open .ko (its .suture.funcs records, both formats have them)
 * @path: its name, for messages
 * @klp:  the module is for the kernel's livepatch (else for suture.ko)
 *
 * Return: 0, or -1 after naming the patch of the other core that already
 * changes one of the module's functions.
 */
int lp_check_other_core(int fd, const char *path, bool klp)
{
	const char *root = klp ? lp_sysfs_root() : lp_klp_root();
	const char *other = klp ? "Suture" : "kernel livepatch (klp)";
	struct lp_abi *abi;
	struct lp_elf e;
	const char *why;
	char owner[64];
	int i, rc = 0;

	if (lp_elf_map_fd(fd, path, &e, &why))
		return 0; /* read before: the load reports it */
	abi = calloc(1, sizeof(*abi));
	if (!abi) {
		lp_elf_unmap(&e);
		lp_err("%s: out of memory", lp_esc(path));
		return -1;
	}
	lp_abi_read_elf(&e, abi);
	for (i = 0; i < abi->nfuncs && !rc; i++) {
		const struct lp_abi_func *f = &abi->funcs[i];

		if (!f->name[0] ||
		    !find_owner(root, !klp, f, owner, sizeof(owner)))
			continue;
		lp_err("%s: %s in %s is already changed by %s patch %s: one "
		       "core patches a function at a time; unload %s first "
		       "(`livepatch unload %s`), or build this fix with "
		       "--format %s to stack on it",
		       lp_esc(path), lp_esc(f->name),
		       f->object[0] ? lp_esc(f->object) : "vmlinux", other,
		       owner, owner, owner, klp ? "suture" : "klp");
		rc = -1;
	}
	free(abi);
	lp_elf_unmap(&e);
	return rc;
}
