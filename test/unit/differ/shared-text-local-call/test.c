// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>

/*
 * mutex_lock -> __mutex_lock_slowpath: all in .sched.text, so gas resolves
 * the calls between them without a relocation
 */
extern int sut_sink(int a, int b, int c);

static noinline int __sched sut_slow(int a)
{
	return sut_sink(a, 1, 0) * 3 + sut_sink(a + 1, 2, 0);
}

static noinline int __sched sut_later(int a);

int __sched sut_lock(int a)
{
	if (a < 0)
		return sut_later(-a);
#ifdef PATCHED
	return sut_slow(a) + 2;
#else
	return sut_slow(a) + 1;
#endif
}

static noinline int __sched sut_later(int a)
{
	return sut_sink(a, 5, 0) + sut_sink(a, 6, 1);
}

int __sched sut_unlock(int a)
{
	return sut_slow(a) + sut_later(a);
}
