// SPDX-License-Identifier: GPL-2.0
/*
 * create-patch-module - prepare one diff object (create-diff-object's
 * output for one translation unit) for linking into a patch module.
 *
 *   create-patch-module -m SYSTEM.MAP -s MODULE.SYMVERS [-s EXTRA.SYMVERS]
 *       -r ORIG.o [-t MODNAME -k MODULE.ko] [-e NAMES] [-u UNIT] [-v] [-K]
 *       -o OUT.o DIFF.o
 *
 * -t/-k: the unit links into module MODNAME, whose installed (uncompressed)
 * .ko is MODULE.ko; without them it links into vmlinux.  -e NAMES: a file
 * of global names the other diff objects of the same patch module define
 * (the linker resolves references to them).  -K: for --format klp (jump
 * labels on unexported keys become reloc records, see gen.h).
 * On success prints one summary line on stdout:
 *   UNIT<TAB>OBJECT<TAB>FUNCS<TAB>LOCAL-RELOCS<TAB>GLOBAL-RELOCS<TAB>CALLBACKS
 * On refusal prints why on stderr and exits 1.
 * SUTURE_GEN_DEBUG=1 in the environment prints how each duplicated local
 * name was matched (candidates and their neighbour scores).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void gen_err(const char *fmt, ...)
{
	va_list ap;

	fputs("create-patch-module: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: create-patch-module -m SYSTEM.MAP -s MODULE.SYMVERS "
		"[-s EXTRA.SYMVERS]\n"
		"       -r ORIG.o [-t MODNAME -k MODULE.ko] [-e NAMES] [-u UNIT] "
		"[-v] [-K] -o OUT.o DIFF.o\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *map = NULL, *ko = NULL, *origpath = NULL, *out = NULL;
	struct target vmlinux = { 0 }, module = { 0 };
	struct gen_opts o = { 0 };
	struct elf *diff;
	int opt, nr_symvers = 0;

	o.exported = nameset_new();
	if (!o.exported)
		return 1;
	while ((opt = getopt(argc, argv, "m:s:r:t:k:u:o:ve:K")) != -1) {
		switch (opt) {
		case 'm':
			map = optarg;
			break;
		case 's':
			/* the first is the kernel's: exports of modules
			 * that may not be loaded; the extra ones (suture.ko)
			 * are always there */
			if (symvers_load(o.exported, optarg, !nr_symvers++))
				return 1;
			break;
		case 'e':
			if (names_load(o.exported, optarg))
				return 1;
			break;
		case 'r':
			origpath = optarg;
			break;
		case 't':
			module.objname = optarg;
			break;
		case 'k':
			ko = optarg;
			break;
		case 'u':
			o.unit = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'v':
			o.verbose++;
			break;
		case 'K':
			o.klp = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || !map || !origpath || !out ||
	    !module.objname != !ko)
		usage();
	if (!o.unit)
		o.unit = argv[optind];
	if (target_load_system_map(&vmlinux, map))
		return 1;
	o.target = &vmlinux;
	if (ko) {
		if (target_load_module(&module, ko))
			return 1;
		module.vmlinux = &vmlinux;
		o.target = &module;
	}
	o.orig = elf_open(origpath);
	if (!o.orig) {
		gen_err("%s: %s", origpath, elf_last_error());
		return 1;
	}
	diff = elf_open(argv[optind]);
	if (!diff) {
		gen_err("%s: %s", argv[optind], elf_last_error());
		return 1;
	}
	if (gen_fix_object(diff, &o))
		return 1;
	if (elf_write(diff, out)) {
		gen_err("writing %s: %s", out, elf_last_error());
		return 1;
	}
	return 0;
}
