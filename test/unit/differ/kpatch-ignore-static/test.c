// SPDX-License-Identifier: GPL-2.0
/*
 * KPATCH_IGNORE_STATIC("sut_count"): the patched sut_count_up uses a new
 * counter of its own (defined in the output), not the kernel's (without
 * the macro: a reloc record to the original, static-local-renumbered).
 */
#include <linux/kernel.h>
#include "kpatch-macros.h"

int sut_count_up(int a)
{
	static int sut_count;

#ifdef PATCHED
	sut_count += 2 * a;
#else
	sut_count += a;
#endif
	return sut_count;
}

#ifdef PATCHED
KPATCH_IGNORE_STATIC("sut_count");
#endif
