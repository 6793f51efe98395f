// SPDX-License-Identifier: GPL-2.0
/*
 * Unit UU (a.c and b.c) of the module of test/unit/positions/run: both units
 * define the same static function (helper) and the same ratelimit states
 * (_rs.N: gcc numbers them per unit), as fs/smb/client's units do.
 * The test writes a.c and b.c from this file: UU -> a / b, and
 * UNIT_IS_B 1 in b.c.
 */
#include <linux/module.h>
#include <linux/printk.h>

#define UNIT_IS_B 0

int pos_UU_report(int x);
int pos_UU_only_rs(int x);

static noinline __attribute__((__noipa__)) int helper(int x)
{
	pr_err_ratelimited("UU: helper %d\n", x);
	return x + 1;
}

int pos_UU_report(int x)
{
	pr_err_ratelimited("UU: one %d\n", x);
#if defined(PATCHED) && PATCHED == 1 && UNIT_IS_B
	pr_err_ratelimited("UU: two, patched %d\n", x);
#else
	pr_err_ratelimited("UU: two %d\n", x);
#endif
	return helper(x);
}

int pos_UU_only_rs(int x)
{
#if defined(PATCHED) && PATCHED == 2 && UNIT_IS_B
	pr_err_ratelimited("UU: only, patched %d\n", x + 1);
#else
	pr_err_ratelimited("UU: only %d\n", x);
#endif
	return x;
}
