// SPDX-License-Identifier: GPL-2.0
/*
 * Two inline helpers print their __func__ and are inlined into the same
 * functions (both __func__.N objects have the same owner); the patch adds
 * a third helper, which renumbers them.  They pair by their text: no false
 * "changed data", and sut_second, which did not change, is not changed.
 */
#include <linux/kernel.h>
#include <linux/printk.h>

static __always_inline int sut_check_a(int x)
{
	if (x > 100)
		pr_err("%s: %d\n", __func__, x);
	return x + 1;
}

static __always_inline int sut_check_b(int x)
{
	if (x < -100)
		pr_err("%s: %d\n", __func__, x);
	return x - 1;
}

#ifdef PATCHED
static __always_inline int sut_check_zero(int x)
{
	if (!x)
		pr_err("%s: zero\n", __func__);
	return x;
}
#endif

int sut_first(int x)
{
#ifdef PATCHED
	x = sut_check_zero(x);
#endif
	return sut_check_a(x) + sut_check_b(x);
}

int sut_second(int x)
{
	return sut_check_b(x) * sut_check_a(x);
}
