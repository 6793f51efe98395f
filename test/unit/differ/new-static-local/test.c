// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_count(int a)
{
#ifdef PATCHED
	static int sut_calls;

	sut_calls++;
	return a + sut_calls;
#else
	return a;
#endif
}
