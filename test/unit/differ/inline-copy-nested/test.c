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

/* unchanged, but its out-of-line copy refers to sut_is_odd */
static inline int sut_scan_odd(int n)
{
	return sut_scan(sut_is_odd, n);
}

int sut_outer(int n)
{
	return sut_scan(sut_scan_odd, n);
}

int sut_both(int n)
{
	return sut_scan_odd(n) + sut_is_odd(n);
}
