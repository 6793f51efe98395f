// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_verbose(int a)
{
	pr_debug("sut_verbose %d\n", a);
#ifdef PATCHED
	return a * 3;
#else
	return a * 2;
#endif
}
