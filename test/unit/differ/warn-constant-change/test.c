// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

/* WARN(cond, fmt) calls __warn_printk, which takes no line number: the
 * changed limit is a real change, not a line */
int sut_check(int x)
{
	WARN(x < 0, "sut_check: negative %d\n", x);
#ifdef PATCHED
	return x > 65536 ? -22 : 0;
#else
	return x > 4096 ? -22 : 0;
#endif
}
