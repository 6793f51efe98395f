// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_hello(int a)
{
#ifdef PATCHED
	pr_info("hello, patched world %d\n", a);
#else
	pr_info("hello world %d\n", a);
#endif
	return a;
}

int sut_bye(int a)
{
	pr_info("bye %d\n", a);
	return a;
}
