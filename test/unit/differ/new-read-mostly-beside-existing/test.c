// SPDX-License-Identifier: GPL-2.0
/*
 * A new __read_mostly variable lands in .data..read_mostly beside an
 * existing one (explicit sections override -fdata-sections): only the new
 * one is copied; the existing one, used by the changed function, stays the
 * kernel's (a .suture.relocs record), never a fresh copy.
 */
#include <linux/kernel.h>
#include <linux/cache.h>

static int sut_a __read_mostly = 1;
int sut_g __read_mostly = 3;
#ifdef PATCHED
static int sut_b __read_mostly = 2;
#endif

int sut_get(void)
{
#ifdef PATCHED
	return sut_a + sut_b + sut_g;
#else
	return sut_a + sut_g;
#endif
}

void sut_set(int v)
{
	sut_a = v;
	sut_g = v;
}
