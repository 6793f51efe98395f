// SPDX-License-Identifier: GPL-2.0
/*
 * create-diff-object - from the original and the patched object of one
 * translation unit, write the object a patch module needs.
 *
 *   create-diff-object [--json] [-v] [--klp] [--layout FILE] ORIG.o PATCHED.o
 *       OUT.o
 *
 * The layout (special-section entry sizes and offsets of the target, see
 * layout.h) comes from --layout or $SUTURE_LAYOUT: without one, exit 3.
 *
 * Exit: 0 a diff was written, 1 nothing changed (OUT.o not written),
 * 2 refused (reasons on stderr and in the JSON), 3 bad input or error.
 * Flow: read both -> correlate -> compare -> classify/refuse -> include
 * (closure, special sections) -> write.  See README.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: create-diff-object [--json] [-v] [--copy NAME]... "
		"[--allow-layout-change TYPE]... [--layout FILE]\n"
		"       [--klp] [--private-exports] ORIG.o PATCHED.o OUT.o\n"
		"  --copy NAME: a local object NAME of ORIG.o that included code\n"
		"  uses is copied into OUT.o instead of referenced\n"
		"  --layout FILE  the target's special-section layouts (layout-probe;\n"
		"                 default $SUTURE_LAYOUT)\n"
		"  --klp: for a kernel livepatch module (jump labels on keys\n"
		"  local to the unit are kept: the loader relocates them)\n"
		"  --private-exports: a new export is noted, not refused: the\n"
		"  patch module's own callers link to its copy (--update-to)\n"
		"  exit 0: diff written, 1: nothing changed, 2: refused,\n"
		"  3: bad input or internal error\n");
}

static int finish(struct cdo *c, bool json, int code, const char *error)
{
	size_t i;

	if (json)
		cdo_print_json(c, code, error);
	else if (code == CDO_EXIT_DIFF || c->verbose) {
		for (i = 0; i < c->changed.nr; i++)
			fprintf(stderr, "changed function: %s\n",
				c->changed.names[i]);
		for (i = 0; i < c->added.nr; i++)
			fprintf(stderr, "new: %s\n", c->added.names[i]);
		for (i = 0; i < c->line_only.nr; i++)
			fprintf(stderr, "line-only: %s\n",
				c->line_only.names[i]);
	}
	if (code == CDO_EXIT_NOCHANGE && !json)
		fprintf(stderr, "create-diff-object: no changed functions\n");
	cdo_free_report(c);
	cdo_special_free();
	cdo_write_free();
	cdo_insn_free();
	elf_close(c->orig);
	elf_close(c->patched);
	elf_close(c->out);
	return code;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "klp", no_argument, NULL, 'K' },
		{ "private-exports", no_argument, NULL, 'P' },
		{ "allow-layout-change", required_argument, NULL, 'L' },
		{ "copy", required_argument, NULL, 'c' },
		{ "layout", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct cdo c = { 0 };
	bool json = false, bad = false;
	const char *layout = NULL;
	char msg[600];
	int ch, ret;

	while ((ch = getopt_long(argc, argv, "jvhl:", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'K':
			c.loader_relocs = true;
			break;
		case 'P':
			c.private_exports = true;
			break;
		case 'c':
			cdo_note(&c.copy, optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'L':
			cdo_note(&c.allow_layout, optarg);
			break;
		case 'l':
			layout = optarg;
			break;
		default:
			/* keep parsing: a later --json still applies */
			bad = true;
			break;
		}
	}
	if (bad || argc - optind != 3) {
		usage(stderr);
		return finish(&c, json, CDO_EXIT_BADINPUT,
			      bad ? "usage: unknown option" :
				    "usage: expected ORIG.o PATCHED.o OUT.o");
	}
	if (layout_from_env(layout, &c.layout, msg, sizeof(msg))) {
		fprintf(stderr, "create-diff-object: %s\n", msg);
		return finish(&c, json, CDO_EXIT_BADINPUT, msg);
	}
	c.out_path = argv[optind + 2];
	c.patched_path = argv[optind + 1];
	c.orig_path = argv[optind];
	c.orig = elf_open_flags(argv[optind], ELF_OPEN_SKIP_DEBUG);
	if (c.orig)
		/* whole: its DWARF goes into the output (cdo-debug.c) */
		c.patched = elf_open(argv[optind + 1]);
	if (!c.orig || !c.patched) {
		snprintf(msg, sizeof(msg), "%s", elf_last_error());
		fprintf(stderr, "create-diff-object: bad input: %s\n", msg);
		return finish(&c, json, CDO_EXIT_BADINPUT, msg);
	}
	ret = cdo_run(&c);
	return finish(&c, json, ret,
		      ret == CDO_EXIT_BADINPUT ? "internal error (see stderr)" :
						 NULL);
}
