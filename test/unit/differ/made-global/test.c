// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
noinline int sut_helper(int a)
#else
static noinline int sut_helper(int a)
#endif
{
	return a * 13;
}

int sut_caller(int a)
{
#ifdef PATCHED
	return sut_helper(a) + 2;
#else
	return sut_helper(a) + 1;
#endif
}
