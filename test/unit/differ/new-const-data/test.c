// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

#ifdef PATCHED
static const char *const sut_names[] = { "zero", "one", "two", "three" };
#endif

const char *sut_name(int i)
{
#ifdef PATCHED
	return sut_names[i & 3];
#else
	return "?";
#endif
}
