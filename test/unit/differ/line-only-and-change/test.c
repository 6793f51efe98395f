// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

int sut_changed(int a)
{
#ifdef PATCHED
	return a * 5;
#else
	return a * 4;
#endif
}

#ifdef PATCHED
#line 22
#endif

int sut_warner(int a)
{
	WARN_ON(a > 100);
	return a + 1;
}
