// SPDX-License-Identifier: GPL-2.0
/*
 * A changed pr_debug format: its descriptor (__dyndbg) changes with the
 * function that owns it; the patch module's copy is the one the new code
 * uses (no refusal as changed data, no reference to the kernel's).
 */
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_verbose(int a)
{
#ifdef PATCHED
	pr_debug("sut_verbose now %d\n", a);
#else
	pr_debug("sut_verbose %d\n", a);
#endif
	return a * 2;
}

int sut_quiet(int a)
{
	pr_debug("sut_quiet %d\n", a);
	return a + 1;
}
