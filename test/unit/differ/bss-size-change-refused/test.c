// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static long sut_buf[32];
#else
static long sut_buf[16];
#endif

long *sut_get(int i)
{
	return &sut_buf[i & 15];
}
