// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_scan(int (*fn)(int), int n);

/* explicitly notrace, not inline: not replaced through its callers */
static notrace int sut_untraced_helper(int a)
{
#ifdef PATCHED
	return (a & 1) && a > 0;
#else
	return a & 1;
#endif
}

int sut_count(int n)
{
	return sut_scan(sut_untraced_helper, n);
}
