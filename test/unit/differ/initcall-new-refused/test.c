// SPDX-License-Identifier: GPL-2.0
/* the patch adds a late_initcall (and sets sut_ready in it: gcc no longer
 * folds sut_is_ready to 0): it would never run.  Built as vmlinux
 * code (a module's initcalls are its init_module), so MODULE is undefined
 * here. */
#undef MODULE
#include <linux/kernel.h>
#include <linux/init.h>

static int sut_ready;

#ifdef PATCHED
static int __init sut_setup(void)
{
	sut_ready = 1;
	return 0;
}
late_initcall(sut_setup);
#endif

int sut_is_ready(void)
{
	return sut_ready;
}
