// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
int sut_limit_value = 200;
#else
int sut_limit_value = 100;
#endif

int sut_limit(int a)
{
	return a > sut_limit_value ? sut_limit_value : a;
}
