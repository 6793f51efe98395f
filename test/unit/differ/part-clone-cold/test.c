// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern void sut_log(const char *s, int v) __cold;
extern int sut_sink(int a, int b, int c);
extern int sut_mode;

/* gcc makes sut_slow.part.0 and sut_slow.part.0.cold */
static int sut_slow(int a)
{
	int r;

	if (!sut_mode)
		return 0;
	r = sut_sink(a, 1, 2);
	if (unlikely(r < 0)) {
#ifdef PATCHED
		sut_log("sut_slow failed", 7);
#else
		sut_log("sut_slow failed", 5);
#endif
		sut_sink(r, 3, 4);
		return -22;
	}
	sut_sink(a, 3, 4);
	sut_sink(a, 5, 6);
	sut_sink(a, 9, 10);
	return sut_sink(a, 11, 12);
}

int sut_user1(int a)
{
	return sut_slow(a) + 1;
}

int sut_user2(int a)
{
	return sut_slow(a + 1) + 2;
}

int sut_user3(int a)
{
	return sut_slow(a + 2) + 3;
}
