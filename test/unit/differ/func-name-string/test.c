// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_named(int a)
{
	pr_info("%s: %d\n", __func__, a);
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}
