// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

notrace int sut_untraced(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}
