// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_add(int a, int b)
{
#ifdef PATCHED
	return a + b + 1;
#else
	return a + b;
#endif
}

int sut_other(int a)
{
	return a * 7;
}
