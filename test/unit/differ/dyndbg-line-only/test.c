// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

#ifdef PATCHED
/* __LINE__ moves by 3 (as if lines had been added above) */
#line 13
#endif

int sut_debugged(int a)
{
	pr_debug("sut_debugged %d\n", a);
	return a + 1;
}
