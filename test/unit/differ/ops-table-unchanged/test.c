// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

struct sut_ops {
	int (*run)(int);
	int (*stop)(int);
};

static int sut_run(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

static int sut_stop(int a)
{
	return a - 1;
}

const struct sut_ops sut_default_ops = {
	.run = sut_run,
	.stop = sut_stop,
};
