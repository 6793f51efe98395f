// SPDX-License-Identifier: GPL-2.0
/*
 * KPATCH_FORCE_UNSAFE(sut_busy): kpatch would skip the stack check for
 * sut_busy; Suture has no such bypass: refused, naming the function.
 */
#include <linux/kernel.h>
#include "kpatch-macros.h"

int sut_busy(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

#ifdef PATCHED
KPATCH_FORCE_UNSAFE(sut_busy);
#endif
