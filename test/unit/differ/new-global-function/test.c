// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_old(int a)
{
	return a + 3;
}

#ifdef PATCHED
int sut_brand_new(int a)
{
	return a * 5;
}
#endif
