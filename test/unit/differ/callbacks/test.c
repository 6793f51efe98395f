// SPDX-License-Identifier: GPL-2.0
/*
 * What kpatch-macros.h's KPATCH_PRE_PATCH_CALLBACK(fn) emits, spelled out:
 * a struct suture_abi_callback in .suture.callbacks pointing to fn.
 */
#include <linux/kernel.h>
#include "suture-abi.h"

int sut_feature(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

#ifdef PATCHED
static int sut_pre_patch(void *obj)
{
	pr_info("sut: about to patch\n");
	return 0;
}

static struct suture_abi_callback sut_cb __used
	__section(SUTURE_ABI_CALLBACKS_SECTION) __aligned(8) = {
	.fn = (__u64)(unsigned long)sut_pre_patch,
	.type = SUTURE_ABI_PRE_PATCH,
};
#endif
