// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/spinlock.h>

#ifdef PATCHED
static DEFINE_SPINLOCK(sut_lock);
static int sut_hits;

static noinline void sut_account(void)
{
	spin_lock(&sut_lock);
	sut_hits++;
	spin_unlock(&sut_lock);
}
#endif

int sut_serve(int a)
{
#ifdef PATCHED
	sut_account();
#endif
	return a + 1;
}
