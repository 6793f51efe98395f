// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/jump_label.h>

DEFINE_STATIC_KEY_FALSE(sut_key);

int sut_fast(int a)
{
	if (static_branch_unlikely(&sut_key))
		return a * 2;
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

int sut_other(int a)
{
	if (static_branch_unlikely(&sut_key))
		return a * 3;
	return a;
}
