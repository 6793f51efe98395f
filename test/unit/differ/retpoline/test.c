// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_indirect(int (*fn)(int), int a)
{
#ifdef PATCHED
	return fn(a) + 2;
#else
	return fn(a) + 1;
#endif
}

int sut_indirect2(int (*fn)(int), int a)
{
	return fn(a) * 2;
}
