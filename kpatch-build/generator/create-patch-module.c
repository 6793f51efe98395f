// SPDX-License-Identifier: GPL-2.0
/*
 * create-patch-module - prepare one diff object (create-diff-object's
 * output for one translation unit) for linking into a patch module.
 *
 *   create-patch-module -m SYSTEM.MAP -s MODULE.SYMVERS [-s EXTRA.SYMVERS]
 *       -r ORIG.o [-t MODNAME -k MODULE.ko] [-e NAMES] [-u UNIT] [-v] [-K]
 *       [-D DEBUG-BUILD] [-L LAYOUT -O UNIT.o] [-P PLAIN.o] [-w] [-q]
 *       [-S SECTION-LAYOUTS] -o OUT.o DIFF.o
 *
 * -t/-k: the unit links into module MODNAME, whose installed (uncompressed)
 * .ko is MODULE.ko; without them it links into vmlinux.  -e NAMES: a file
 * of global names the other diff objects of the same patch module define
 * (the linker resolves references to them).  -L LAYOUT: the target's
 * special-section layouts (layout.h; default $SUTURE_LAYOUT, required).
 * -K: for --format klp (jump labels on unexported keys become reloc
 * records, see gen.h).
 * On success prints one summary line on stdout:
 *   UNIT<TAB>OBJECT<TAB>FUNCS<TAB>LOCAL-RELOCS<TAB>GLOBAL-RELOCS<TAB>CALLBACKS
 * On refusal prints why on stderr and exits 1.
 *
 * A local name several units of the target define gets its exact position
 * (gen-positions.c) from FILE symbols of the target (-k a .ko built with
 * them) or of its debug build (-D: the -dbg package's vmlinux or .ko), or,
 * for a module, from the link layout (-L: "unit PATH.o" lines in link
 * order, each followed by that unit's local names; -O: this unit's PATH.o
 * there), or, for vmlinux, from the unit compiled as the target was (-P:
 * its section holding the name must lie whole around exactly one
 * candidate in System.map).  Which source decided is said on stderr (-q:
 * not).  Without any, it is refused with the candidates listed; with -w
 * the exit status is 4 instead when -L or -P could decide, and, for
 * ratelimit /
 * once / WARN state (harmless to duplicate), 5 with "own-copy NAME" lines
 * on stderr: rerun create-diff-object with --copy NAME.
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
		"[-v] [-K]\n       [-D DEBUG-BUILD] [-L LAYOUT -O UNIT.o] [-P PLAIN.o] "
		"[-w] [-q] [-S SECTION-LAYOUTS] "
		"-o OUT.o DIFF.o\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *map = NULL, *ko = NULL, *origpath = NULL, *out = NULL;
	const char *dbg = NULL, *layout = NULL, *unit_obj = NULL, *plain = NULL;
	bool ask = false, quiet = false;
	struct target dbgt = { 0 };
	const char *klayout_path = NULL;
	struct kernel_layout klayout;
	char err[512];
	struct target vmlinux = { 0 }, module = { 0 };
	struct gen_opts o = { 0 };
	struct elf *diff;
	int opt, nr_symvers = 0;

	o.exported = nameset_new();
	o.namespaces = nameset_new();
	if (!o.exported || !o.namespaces)
		return 1;
	while ((opt = getopt(argc, argv, "m:s:r:t:k:u:o:ve:D:L:O:P:wqS:K")) !=
	       -1) {
		switch (opt) {
		case 'm':
			map = optarg;
			break;
		case 's':
			/* the first is the kernel's: exports of modules
			 * that may not be loaded; the extra ones (suture.ko)
			 * are always there */
			if (symvers_load(o.exported, optarg, !nr_symvers++,
					 o.namespaces))
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
		case 'D':
			dbg = optarg;
			break;
		case 'L':
			layout = optarg;
			break;
		case 'O':
			unit_obj = optarg;
			break;
		case 'P':
			plain = optarg;
			break;
		case 'w':
			ask = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'S':
			klayout_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || !map || !origpath || !out ||
	    !module.objname != !ko || !layout != !unit_obj)
		usage();
	if (!o.unit)
		o.unit = argv[optind];
	if (layout_from_env(klayout_path, &klayout, err, sizeof(err))) {
		gen_err("%s", err);
		return 1;
	}
	o.layout = &klayout;
	if (target_load_system_map(&vmlinux, map))
		return 1;
	o.target = &vmlinux;
	if (ko) {
		if (target_load_module(&module, ko))
			return 1;
		module.vmlinux = &vmlinux;
		o.target = &module;
	}
	o.target->unit = o.unit;
	o.target->unit_obj = unit_obj;
	o.target->layout = layout;
	o.target->plain = plain;
	o.target->ask_layout = ask;
	o.target->quiet_positions = quiet;
	if (dbg) {
		if (target_load_files(&dbgt, dbg))
			return 1;
		if (!dbgt.has_files)
			fprintf(stderr,
				"create-patch-module: warning: %s has no FILE "
				"symbols: it cannot tell local names apart\n",
				dbg);
		o.target->dbg = &dbgt;
		o.target->dbg_path = dbg;
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
	if (gen_fix_object(diff, &o)) {
		if (ask && (gen_wants & GEN_WANT_LAYOUT))
			return 4;
		if (ask && (gen_wants & GEN_WANT_COPY))
			return 5;
		return 1;
	}
	if (elf_write(diff, out)) {
		gen_err("writing %s: %s", out, elf_last_error());
		return 1;
	}
	return 0;
}
