// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <trace/events/sched.h>

int sut_traced(struct task_struct *p, int a)
{
	trace_sched_kthread_stop(p);
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}
