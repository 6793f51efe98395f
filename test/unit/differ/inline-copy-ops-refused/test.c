// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

struct sut_ops {
	int (*check)(int);
};

/* inlined in sut_direct, and its address in an ops table */
static inline int sut_check(int a)
{
#ifdef PATCHED
	return a > 1;
#else
	return a > 0;
#endif
}

static const struct sut_ops sut_ops = {
	.check = sut_check,
};

int sut_direct(int a)
{
	return sut_check(a);
}

const struct sut_ops *sut_get_ops(void)
{
	return &sut_ops;
}
