// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/atomic.h>

atomic_t sut_counter;

int sut_bump(int a)
{
	atomic_inc(&sut_counter);
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

int sut_bump2(int a)
{
	atomic_inc(&sut_counter);
	return a;
}
