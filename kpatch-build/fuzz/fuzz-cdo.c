// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-cdo.c - libFuzzer target over the whole differ: the input is
 * a little-endian u32 N, then N bytes of ORIG.o, then PATCHED.o.  Both are
 * read, correlated, compared, classified, included and written (to a
 * scratch file).  Any crash, leak or sanitizer report is a bug.  The
 * target layout comes from $SUTURE_LAYOUT (the Makefile passes the unit
 * tests' reference layout).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "fuzz-scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/suture-fuzz-cdo.XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cdo c = { 0 };
	long n;

	fuzz_scratch_init(path);
	n = fuzz_split(data, size);
	if (n < 0)
		return 0;
	c.out_path = path;
	c.layout = *fuzz_layout("fuzz-cdo");
	c.orig = elf_open_mem(data + 4, n, "orig");
	if (c.orig)
		c.patched = elf_open_mem(data + 4 + n, size - 4 - n, "patched");
	if (c.orig && c.patched)
		cdo_run(&c);
	cdo_free_report(&c);
	cdo_special_free();
	cdo_write_free();
	cdo_insn_free();
	elf_close(c.orig);
	elf_close(c.patched);
	elf_close(c.out);
	return 0;
}
