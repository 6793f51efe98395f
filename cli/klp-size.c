// SPDX-License-Identifier: GPL-2.0
/*
 * klp-size.c - the size check suture.ko makes when it resolves a patch
 * (kmod/core/resolve.c, size_matches()), made by `livepatch load` for a
 * kernel livepatch module, whose core makes none: each replaced
 * function's recorded size (.suture.funcs old_size: the target build's
 * symbol extent for vmlinux, ELF st_size for a module) against its extent
 * in the running kernel's /proc/kallsyms (the distance to the next
 * symbol, alignment padding included).  Functions of a module that is not
 * loaded are checked by the module's glue when that module loads
 * (kmod/patch/klp-glue.c, check_sizes()): the kernel refuses its load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"
#include "../kmod/patch/suture-abi.h"

/* per function record: where it is and the next symbol of its object */
struct where {
	unsigned long seen, addr, next;
};

/*
 * One pass over /proc/kallsyms ($SUTURE_KALLSYMS for tests): @pass 0
 * finds each function (its sympos-th symbol of that name in its object,
 * kallsyms order, as the kernel's livepatch counts), @pass 1 the lowest
 * higher address in the same object.  Return: -1 if it cannot be read.
 */
static int scan(const struct lp_abi *abi, struct where *w, int pass)
{
	const char *path = lp_test_hook("SUTURE_KALLSYMS");
	char line[512], name[128], mod[64];
	unsigned long a;
	char type;
	FILE *f;
	int i;

	f = fopen(path ? path : "/proc/kallsyms", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		mod[0] = '\0';
		if (sscanf(line, "%lx %c %127s [%63[^]]]", &a, &type, name,
			   mod) < 3)
			continue;
		for (i = 0; i < abi->nfuncs; i++) {
			const struct lp_abi_func *fn = &abi->funcs[i];
			unsigned long want = fn->sympos ? fn->sympos : 1;

			if (strcmp(mod, fn->object))
				continue;
			if (pass == 0 && !strcmp(name, fn->name) &&
			    ++w[i].seen == want)
				w[i].addr = a;
			if (pass == 1 && w[i].addr && a > w[i].addr &&
			    (!w[i].next || a < w[i].next))
				w[i].next = a;
		}
	}
	fclose(f);
	return 0;
}

/**
 * lp_klp_check_sizes() - refuse a klp module built for other functions
 * @fd:   the open .ko
 * @path: its name, for messages
 *
 * Return: 0 (also when /proc/kallsyms shows no addresses), or -1 after
 * naming the first function whose recorded size does not fit the running
 * kernel's.
 */
int lp_klp_check_sizes(int fd, const char *path)
{
	struct lp_abi *abi;
	struct where *w;
	struct lp_elf e;
	const char *why;
	int i, rc = 0;

	if (lp_elf_map_fd(fd, path, &e, &why))
		return 0; /* read before: the load reports it */
	abi = calloc(1, sizeof(*abi));
	w = calloc(LP_ABI_MAX, sizeof(*w));
	if (!abi || !w) {
		free(abi);
		free(w);
		lp_elf_unmap(&e);
		lp_err("%s: out of memory", lp_esc(path));
		return -1;
	}
	lp_abi_read_elf(&e, abi);
	if (abi->nfuncs && !scan(abi, w, 0))
		scan(abi, w, 1);
	for (i = 0; i < abi->nfuncs && !rc; i++) {
		const struct lp_abi_func *f = &abi->funcs[i];
		unsigned long ext = w[i].next - w[i].addr;

		/* not there (a module not loaded), ambiguous, or no
		 * addresses shown: the kernel's livepatch decides */
		if (!f->name[0] || !f->old_size || !w[i].addr || !w[i].next ||
		    (!f->sympos && w[i].seen != 1) ||
		    suture_abi_size_matches(w[i].addr, f->old_size, ext))
			continue;
		lp_err("%s: size mismatch for %s,%lu in %s: the patch was "
		       "built for a function of %lu bytes, the running one "
		       "spans %lu (refusing the patch; rebuild it against "
		       "this kernel)",
		       lp_esc(path), lp_esc(f->name), f->sympos,
		       f->object[0] ? lp_esc(f->object) : "vmlinux",
		       f->old_size, ext);
		rc = -1;
	}
	free(w);
	free(abi);
	lp_elf_unmap(&e);
	return rc;
}
