// SPDX-License-Identifier: GPL-2.0
/*
 * KPATCH_IGNORE_FUNCTION(sut_noise): sut_noise changed too (a side effect
 * the author judged harmless), only sut_feature is replaced.
 */
#include <linux/kernel.h>
#include "kpatch-macros.h"

noinline int sut_noise(int a)
{
#ifdef PATCHED
	return a * 3;
#else
	return a * 2;
#endif
}

int sut_feature(int a)
{
#ifdef PATCHED
	return sut_noise(a) + 2;
#else
	return sut_noise(a) + 1;
#endif
}

#ifdef PATCHED
KPATCH_IGNORE_FUNCTION(sut_noise);
#endif
