// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <asm/barrier.h>
#include <asm/alternative.h>

int sut_fenced(int *p, int i)
{
	int v;

	barrier_nospec();
	v = p[i];
#ifdef PATCHED
	return v + 2;
#else
	return v + 1;
#endif
}

int sut_fenced_too(int *p, int i)
{
	barrier_nospec();
	return p[i] * 2;
}
