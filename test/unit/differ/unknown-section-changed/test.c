// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static const char sut_tag[] __used __section(".sut_tags") = "v2";
#else
static const char sut_tag[] __used __section(".sut_tags") = "v1";
#endif

int sut_plain(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}
