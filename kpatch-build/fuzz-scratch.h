/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz-scratch.h - the scratch output file of the libFuzzer targets that
 * write objects (fuzz-cdo.c, fuzz-gen.c): created once, removed at exit,
 * and bounded so that an output gone wrong fails instead of filling the
 * disk.
 */
#ifndef _SUTURE_FUZZ_SCRATCH_H
#define _SUTURE_FUZZ_SCRATCH_H

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

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

#endif /* _SUTURE_FUZZ_SCRATCH_H */
