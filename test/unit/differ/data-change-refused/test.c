// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static int sut_table[4] = { 1, 2, 3, 5 };
#else
static int sut_table[4] = { 1, 2, 3, 4 };
#endif

int sut_lookup(int i)
{
	return sut_table[i & 3];
}
