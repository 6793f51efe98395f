// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_scan(int (*fn)(int), int n);

/* inline but global (gnu_inline: an external definition): other objects
 * may call the old copy */
inline int sut_global_pred(int a)
{
#ifdef PATCHED
	return a > 1;
#else
	return a > 0;
#endif
}

int sut_use_global(int n)
{
	return sut_scan(sut_global_pred, n) + sut_global_pred(n);
}
