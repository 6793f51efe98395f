// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>

extern int sut_sink(int a, int b, int c);

#ifdef PATCHED
static noinline int __sched sut_helper_v2(int a);
#else
static noinline int __sched sut_helper_v1(int a);
#endif

int __sched sut_lock(int a)
{
#ifdef PATCHED
	return sut_helper_v2(a) + 1;
#else
	return sut_helper_v1(a) + 1;
#endif
}

/* both helpers have the same size and place in .sched.text: the
 * caller's call has the same bytes in both versions */
#ifdef PATCHED
static noinline int __sched sut_helper_v2(int a)
{
	return sut_sink(a, 2, 0) - 3;
}
#else
static noinline int __sched sut_helper_v1(int a)
{
	return sut_sink(a, 1, 0) + 3;
}
#endif
