// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/jump_label.h>

static DEFINE_STATIC_KEY_FALSE(sut_local_key);

int sut_fast(int a)
{
	if (static_branch_unlikely(&sut_local_key))
		return a * 2;
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

void sut_enable(void)
{
	static_branch_enable(&sut_local_key);
}
