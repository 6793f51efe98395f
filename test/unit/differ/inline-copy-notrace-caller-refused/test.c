// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_scan(int (*fn)(int), int n);

static inline int sut_is_odd(int a)
{
#ifdef PATCHED
	return (a & 1) && a > 0;
#else
	return a & 1;
#endif
}

int sut_count(int n)
{
	return sut_scan(sut_is_odd, n) + sut_is_odd(n);
}

/* an explicit notrace caller cannot be replaced either */
notrace int sut_count_untraced(int n)
{
	return sut_scan(sut_is_odd, n);
}
