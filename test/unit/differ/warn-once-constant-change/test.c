// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

extern int sut_sink(int a, int b, int c);

int sut_limit(int x)
{
	WARN_ONCE(x > 1000, "sut_limit: %d\n", x);
#ifdef PATCHED
	return sut_sink(x, 20, 0);
#else
	return sut_sink(x, 10, 0);
#endif
}
