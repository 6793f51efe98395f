// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/bug.h>

int sut_checked(int *p)
{
	BUG_ON(!p);
	WARN_ON(*p > 10);
#ifdef PATCHED
	return *p + 2;
#else
	return *p + 1;
#endif
}

int sut_unrelated(int *p)
{
	WARN_ON(!p);
	return 0;
}
