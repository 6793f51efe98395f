// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

struct sut_s {
	int a, b, c, d;
	long pad[8];
};

extern int sut_sink(int a, int b, int c);

/* gcc makes sut_use.constprop.0.isra.0 (one argument dropped, s->b
 * passed by value) */
static noinline int sut_use(struct sut_s *s, int unused)
{
#ifdef PATCHED
	return sut_sink(s->b, 0, 0) + 2;
#else
	return sut_sink(s->b, 0, 0) + 1;
#endif
}

int sut_a(struct sut_s *s)
{
	return sut_use(s, 0) + s->a;
}

int sut_b(struct sut_s *s)
{
	return sut_use(s, 1) * 2;
}
