// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_first(int a)
{
#ifdef PATCHED
	static int sut_seen;

	sut_seen += a;
	return sut_seen;
#else
	return a;
#endif
}

int sut_second(int a)
{
	static int sut_total;

	sut_total += a;
#ifdef PATCHED
	return sut_total * 2;
#else
	return sut_total;
#endif
}
