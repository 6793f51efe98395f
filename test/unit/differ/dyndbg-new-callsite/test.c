// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_first(int a)
{
#ifdef PATCHED
	pr_debug("sut_first %d\n", a);
#endif
	return a + 1;
}

int sut_second(int a)
{
	pr_debug("sut_second %d\n", a);
	return a + 2;
}
