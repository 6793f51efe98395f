// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static noinline int sut_check(int a)
{
	return a > 100 ? 100 : a;
}
#endif

int sut_limit(int a)
{
#ifdef PATCHED
	return sut_check(a) + 1;
#else
	return a + 1;
#endif
}
