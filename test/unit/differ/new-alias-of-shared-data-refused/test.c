// SPDX-License-Identifier: GPL-2.0
/*
 * A new name for an existing variable of a shared data section: splitting
 * it out would be a copy of the existing variable (its state split from
 * the kernel's): refused.
 */
#include <linux/kernel.h>
#include <linux/cache.h>

int sut_a __read_mostly = 1;
int sut_b __read_mostly = 2;
#ifdef PATCHED
extern int sut_alias __attribute__((alias("sut_a")));
#endif

int sut_get(void)
{
#ifdef PATCHED
	return sut_alias + sut_b + 1;
#else
	return sut_a + sut_b;
#endif
}
