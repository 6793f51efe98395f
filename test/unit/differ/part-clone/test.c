// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

extern int sut_sink(int a, int b, int c);
extern int sut_mode;

static int sut_slow(int a)
{
	if (!sut_mode)
		return 0;
	sut_sink(a, 1, 2);
	sut_sink(a, 3, 4);
	sut_sink(a, 5, 6);
#ifdef PATCHED
	sut_sink(a, 7, 9);
#else
	sut_sink(a, 7, 8);
#endif
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
