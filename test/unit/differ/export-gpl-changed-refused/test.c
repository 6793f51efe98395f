// SPDX-License-Identifier: GPL-2.0
/* the patch turns an export into a namespaced GPL-only one */
#include <linux/kernel.h>
#include <linux/export.h>

int sut_lib(int a)
{
	return a * 3;
}
#ifdef PATCHED
EXPORT_SYMBOL_NS_GPL(sut_lib, SUT_NS);
#else
EXPORT_SYMBOL(sut_lib);
#endif
