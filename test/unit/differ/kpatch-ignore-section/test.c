// SPDX-License-Identifier: GPL-2.0
/*
 * KPATCH_IGNORE_SECTION(".init.text"): the change to __init code (already
 * run, refused without the macro: init-refused) is ignored; the change of
 * sut_feature is a patch.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include "kpatch-macros.h"

int sut_setup_value;

static int __init sut_setup(void)
{
#ifdef PATCHED
	sut_setup_value = 2;
#else
	sut_setup_value = 1;
#endif
	return 0;
}
early_initcall(sut_setup);

int sut_feature(int a)
{
#ifdef PATCHED
	return a + sut_setup_value + 1;
#else
	return a + sut_setup_value;
#endif
}

#ifdef PATCHED
KPATCH_IGNORE_SECTION(".init.text");
#endif
