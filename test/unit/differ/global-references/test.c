// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/jiffies.h>

int sut_global_data = 5;

noinline int sut_global_helper(int a)
{
	return a + 9;
}

int sut_entry(int a)
{
#ifdef PATCHED
	return sut_global_helper(a) + sut_global_data + (int)jiffies;
#else
	return sut_global_helper(a) + sut_global_data;
#endif
}
