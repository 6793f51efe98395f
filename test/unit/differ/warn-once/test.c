// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

int sut_once(int a)
{
#ifdef PATCHED
	WARN_ONCE(a > 1000, "sut_once: %d is big\n", a);
#endif
	return a + 1;
}
