// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>

int sut_first(int a)
{
#ifdef PATCHED
	WARN_ON_ONCE(a == 42);
	pr_info_once("sut_first %d\n", a);
#endif
	return a + 1;
}

int sut_second(int a)
{
	WARN_ON_ONCE(a > 100);
	pr_warn_once("sut_second %d\n", a);
	return a + 2;
}
