// SPDX-License-Identifier: GPL-2.0
/* the patch renames a struct without changing its layout, and changes
 * the function using it: no layout change, not refused */
#include <linux/kernel.h>

#ifdef PATCHED
struct sut_renamed_v2 {
#else
struct sut_renamed {
#endif
	int a;
	long b;
};

#ifdef PATCHED
long sut_renamed_use(struct sut_renamed_v2 *s)
{
	return s->a + s->b + 1;
}
#else
long sut_renamed_use(struct sut_renamed *s)
{
	return s->a + s->b;
}
#endif
