// SPDX-License-Identifier: GPL-2.0
/*
 * Directives naming what the unit lacks are refused, each naming it: a
 * section (misspelt) and a static local variable.
 */
#include <linux/kernel.h>
#include "kpatch-macros.h"

int sut_feature(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

#ifdef PATCHED
KPATCH_IGNORE_SECTION(".init.txt");
KPATCH_IGNORE_STATIC("sut_nothing");
#endif
