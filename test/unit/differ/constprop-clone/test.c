// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_sink(int a, int b, int c);

static noinline int sut_scale(int a, int factor)
{
	int r = sut_sink(a, factor, 0);

	r += sut_sink(r, factor, 1);
#ifdef PATCHED
	return r * factor + 1;
#else
	return r * factor;
#endif
}

int sut_double(int a)
{
	return sut_scale(a, 2);
}

int sut_double_again(int a)
{
	return sut_scale(a + 1, 2);
}
