// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-gen.c - libFuzzer target over the module generator
 * (create-patch-module's gen_fix_object): the input is a little-endian u32
 * N, then N bytes of ORIG.o, then DIFF.o.  ORIG.o is the unit's original
 * object and, read as a module, the target binary too (its symbol table
 * in kallsyms order, as target_load_module reads an installed .ko); the
 * vmlinux behind it has no symbols and nothing is exported, so every
 * undefined global of DIFF.o takes the reloc-record path.  The edited
 * DIFF.o is written to a scratch file.  Any crash, leak or sanitizer
 * report is a bug.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-scratch.h"
#include "gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/suture-fuzz-gen.XXXXXX";

/* create-patch-module.c defines it for the real program */
void gen_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target vmlinux = { 0 }, module = { .objname = "fuzzmod" };
	struct gen_opts o = { .unit = "fuzz.c" };
	struct elf *diff = NULL;
	long n;

	fuzz_scratch_init(path);
	n = fuzz_split(data, size);
	if (n < 0)
		return 0;
	o.layout = fuzz_layout("fuzz-gen");
	o.exported = nameset_new();
	o.orig = elf_open_mem(data + 4, n, "orig");
	if (o.orig)
		diff = elf_open_mem(data + 4 + n, size - 4 - n, "diff");
	if (o.exported && diff && !target_load_elf(&module, o.orig, "orig")) {
		module.vmlinux = &vmlinux;
		o.target = &module;
		if (!gen_fix_object(diff, &o))
			elf_write(diff, path);
	}
	target_free(&module);
	nameset_free(o.exported);
	elf_close(o.orig);
	elf_close(diff);
	return 0;
}
