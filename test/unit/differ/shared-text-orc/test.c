// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>

extern int sut_sink(int a, int b, int c);

/*
 * __sched puts both in one section (.sched.text), despite
 * -ffunction-sections; objtool ends each with an ORC entry at its end: the
 * last one (the section end) lies outside every symbol
 */
int __sched sut_wait_a(int a)
{
#ifdef PATCHED
	return sut_sink(a, 2, 0);
#else
	return sut_sink(a, 1, 0);
#endif
}

int __sched sut_wait_b(int a)
{
	return sut_sink(a, 3, 0) + 1;
}
