// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

#ifdef PATCHED
/* as if two lines had been added above: __LINE__ moves by 2 */
#line 12
#endif

int sut_warner(int a)
{
	WARN_ON(a > 100);
	return a + 1;
}
