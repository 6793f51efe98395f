// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifndef PATCHED
static noinline int sut_legacy(int a)
{
	return a * 9;
}
#endif

int sut_front(int a)
{
#ifdef PATCHED
	return a * 8;
#else
	return sut_legacy(a);
#endif
}
