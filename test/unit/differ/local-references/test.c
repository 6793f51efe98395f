// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

static int sut_state;

static noinline int sut_helper(int a)
{
	return a + sut_state;
}

int sut_entry(int a)
{
	sut_state++;
#ifdef PATCHED
	return sut_helper(a) * 3;
#else
	return sut_helper(a) * 2;
#endif
}
