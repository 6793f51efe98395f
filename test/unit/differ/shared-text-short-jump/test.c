// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>

extern int sut_sink(int a, int b, int c);

static noinline int __sched sut_helper(int a)
{
	return sut_sink(a, 1, 0);
}

/* the tail call to the helper just before is a jmp rel8 gas resolved (as
 * mutex_lock's to __mutex_lock_slowpath): no rel32 fits in its place */
int __sched sut_tail(int a)
{
#ifdef PATCHED
	if (a > 2)
#else
	if (a > 1)
#endif
		return sut_helper(a);
	return 0;
}
