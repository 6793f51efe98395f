// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

extern int sut_sink(int a, int b, int c);

int sut_process(int a, int b)
{
	if (unlikely(a < 0)) {
		pr_err("sut_process: negative %d\n", a);
#ifdef PATCHED
		sut_sink(a, b, 2);
#else
		sut_sink(a, b, 1);
#endif
		return -22;
	}
	return a * b + 1;
}
