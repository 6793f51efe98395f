// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

noinline int sut_a(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

int sut_b(int a)
{
	return sut_a(a) * 2;
}

int sut_c(int a)
{
#ifdef PATCHED
	return a - 2;
#else
	return a - 1;
#endif
}
