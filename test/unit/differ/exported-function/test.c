// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/export.h>

int sut_exported(int a)
{
#ifdef PATCHED
	return a << 2;
#else
	return a << 1;
#endif
}
EXPORT_SYMBOL_GPL(sut_exported);
