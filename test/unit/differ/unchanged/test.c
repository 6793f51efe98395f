// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_add(int a, int b)
{
#ifdef PATCHED
	/* only a comment differs */
	return a + b;
#else
	return a + b;
#endif
}
