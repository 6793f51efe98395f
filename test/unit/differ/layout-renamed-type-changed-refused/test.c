// SPDX-License-Identifier: GPL-2.0
/* the patch renames a struct and adds a member: the changed function's
 * parameter is the same object, so the two names are one type */
#include <linux/kernel.h>

#ifdef PATCHED
struct sut_grown_v2 {
	int a;
	int extra;
	long b;
};

long sut_grown_use(struct sut_grown_v2 *s)
{
	return s->a + s->b + s->extra;
}
#else
struct sut_grown {
	int a;
	long b;
};

long sut_grown_use(struct sut_grown *s)
{
	return s->a + s->b;
}
#endif
