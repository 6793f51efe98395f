// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/init.h>

int sut_setup_value;

static int __init sut_setup(void)
{
#ifdef PATCHED
	sut_setup_value = 2;
#else
	sut_setup_value = 1;
#endif
	return 0;
}
early_initcall(sut_setup);
