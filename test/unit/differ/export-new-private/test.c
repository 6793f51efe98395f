// SPDX-License-Identifier: GPL-2.0
/* the patch exports a function that was not exported: the kernel's
 * export table cannot grow while patched (modules would not find it) */
#include <linux/kernel.h>
#include <linux/export.h>

int sut_helper(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}
#ifdef PATCHED
EXPORT_SYMBOL_GPL(sut_helper);
#endif
