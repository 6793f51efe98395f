// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_scan(int (*fn)(int), int n);

/* a header-style helper: inlined in sut_count_b, its address passed on */
static inline int sut_is_odd(int a)
{
#ifdef PATCHED
	return (a & 1) && a > 0;
#else
	return a & 1;
#endif
}

int sut_count_a(int n)
{
	return sut_scan(sut_is_odd, n);
}

int sut_count_b(int n)
{
	return sut_scan(sut_is_odd, n + 1) + sut_is_odd(n);
}

int sut_unrelated(int n)
{
	return sut_scan(NULL, n);
}
