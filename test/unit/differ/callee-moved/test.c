// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
int sut_new_first(int a)
{
	return a * 11;
}
#else
int sut_placeholder_first(int a);
#endif

static noinline int sut_helper(int a)
{
	return a * 3;
}

int sut_caller(int a)
{
	return sut_helper(a) + 2;
}
