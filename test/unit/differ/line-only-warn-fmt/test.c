// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

#ifdef PATCHED
/* as if two lines had been added above: __LINE__ moves by 2 */
#line 9
#endif

int sut_check(int x)
{
	WARN(x < 0, "sut_check: negative %d\n", x);
	WARN_ONCE(x > 1000, "sut_check: %d\n", x);
	might_sleep();
	return x > 4096 ? -22 : 0;
}
