// SPDX-License-Identifier: GPL-2.0
/*
 * Built with UBSAN (and KASAN, cflags): gcc numbers the per-check
 * descriptors (.data..Lubsan_dataN) in the unit's order, so a check the
 * patch adds in the first function renumbers every later one.  The later
 * function is no change: its descriptors are compared by content.
 */
#include <linux/kernel.h>

int sut_first(int a, int s)
{
#ifdef PATCHED
	return (a << s) + (a >> (s + 1));
#else
	return a << s;
#endif
}

int sut_later(int a, int s)
{
	return (a << s) - (a >> s);
}
