// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>

extern int sut_sink(int a, int b, int c);

static noinline int __sched sut_slow(int a)
{
	return sut_sink(a, 1, 0) * 3 + sut_sink(a + 1, 2, 0);
}

#ifdef PATCHED
/* new, between the callee and its caller: the caller's call moves */
int __sched sut_new_between(int a)
{
	return sut_sink(a, 9, 9) + 7;
}
#endif

int __sched sut_lock(int a)
{
	return sut_slow(a) + 1;
}
