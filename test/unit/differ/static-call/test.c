// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>

int sut_yield(int a)
{
	cond_resched();
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

int sut_yield2(int a)
{
	cond_resched();
	return a;
}
