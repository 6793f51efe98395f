// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern void sut_log(const char *s, int v) __cold;
extern int sut_sink(int a, int b, int c);

/* gcc makes sut_work.constprop.0 and sut_work.constprop.0.cold */
static noinline int sut_work(int x, int mode)
{
	int r = sut_sink(x * mode, 0, 0);

	if (unlikely(r < 0)) {
#ifdef PATCHED
		sut_log("bad value", 7);
#else
		sut_log("bad value", 5);
#endif
		sut_sink(r, 1, 0);
		sut_sink(r + 1, 1, 0);
		return -22;
	}
	return sut_sink(r * mode, 2, 0) + sut_sink(r, 3, 0);
}

int sut_a(int x)
{
	return sut_work(x, 3);
}

int sut_b(int x)
{
	return sut_work(x + 1, 3);
}
