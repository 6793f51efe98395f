/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz-scratch.h - the scratch output file of the libFuzzer targets that
 * write objects (fuzz-cdo.c, fuzz-gen.c): created once, removed at exit,
 * and bounded so that an output gone wrong fails instead of filling the
 * disk; and what both targets share: the layout, the input's split.
 */
#ifndef _SUTURE_FUZZ_SCRATCH_H
#define _SUTURE_FUZZ_SCRATCH_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "layout.h"

static const char *fuzz_scratch_path;

static void fuzz_scratch_remove(void)
{
	unlink(fuzz_scratch_path);
}

/* @path: a mkstemp template, turned into the file's name on first call */
static inline void fuzz_scratch_init(char *path)
{
	struct rlimit fsize = { 64 << 20, 64 << 20 };
	int fd;

	if (fuzz_scratch_path)
		return;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &fsize);
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	fuzz_scratch_path = path;
	atexit(fuzz_scratch_remove);
}

/*
 * The target's special-section layouts, read once from $SUTURE_LAYOUT (the
 * unit tests' reference layout); @who names the target in the error.
 */
static inline const struct kernel_layout *fuzz_layout(const char *who)
{
	static struct kernel_layout layout;
	static int ready;

	if (!ready) {
		char err[512];

		if (layout_from_env(NULL, &layout, err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", who, err);
			abort();
		}
		ready = 1;
	}
	return &layout;
}

/*
 * Split an input "u32 N (little-endian), N bytes, the rest" into its two
 * objects' lengths.  Return: N, or -1 when the input is too short.
 */
static inline long fuzz_split(const uint8_t *data, size_t size)
{
	size_t n;

	if (size < 4)
		return -1;
	n = data[0] | data[1] << 8 | data[2] << 16 | (size_t)data[3] << 24;
	return n > size - 4 ? -1 : (long)n;
}

#endif /* _SUTURE_FUZZ_SCRATCH_H */
