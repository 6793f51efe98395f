// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static inline int sut_square(int a)
#else
static noinline int sut_square(int a)
#endif
{
	return a * a;
}

int sut_use(int a)
{
	return sut_square(a) + 1;
}
