// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_tick(int a)
{
#ifdef PATCHED
	static int sut_ticks_v2;

	sut_ticks_v2 += a;
	return sut_ticks_v2;
#else
	static int sut_ticks;

	sut_ticks += a;
	return sut_ticks;
#endif
}
