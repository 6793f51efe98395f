// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-cdo.c - libFuzzer target over the whole differ: the input is
 * a little-endian u32 N, then N bytes of ORIG.o, then PATCHED.o.  Both are
 * read, correlated, compared, classified, included and written (to a
 * scratch file).  Any crash, leak or sanitizer report is a bug.  The
 * target layout comes from $SUTURE_LAYOUT (the Makefile passes the unit
 * tests' reference layout).
 */
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/suture-fuzz-cdo.XXXXXX";

static void remove_output(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static struct kernel_layout layout;
	struct cdo c = { 0 };
	size_t n;

	if (!ready) {
		/* an output gone wrong must fail, not fill the disk */
		struct rlimit fsize = { 64 << 20, 64 << 20 };
		char err[512];
		int fd;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &fsize);
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_output);
		if (layout_from_env(NULL, &layout, err, sizeof(err))) {
			fprintf(stderr, "fuzz-cdo: %s\n", err);
			abort();
		}
		ready = 1;
	}
	if (size < 4)
		return 0;
	n = data[0] | data[1] << 8 | data[2] << 16 | (size_t)data[3] << 24;
	if (n > size - 4)
		return 0;
	c.out_path = path;
	c.layout = layout;
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
