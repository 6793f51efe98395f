// SPDX-License-Identifier: GPL-2.0
/*
 * Unit @U@ (a.c and b.c) of the module of test/unit/positions/run: both units
 * define the same static function (helper) and the same ratelimit states
 * (_rs.N: gcc numbers them per unit), as fs/smb/client's units do.
 */
#include <linux/module.h>
#include <linux/printk.h>

int pos_@U@_report(int x);
int pos_@U@_only_rs(int x);

static noinline __attribute__((__noipa__)) int helper(int x)
{
	pr_err_ratelimited("@U@: helper %d\n", x);
	return x + 1;
}

int pos_@U@_report(int x)
{
	pr_err_ratelimited("@U@: one %d\n", x);
#if defined(PATCHED) && PATCHED == 1 && '@U@' == 'b'
	pr_err_ratelimited("@U@: two, patched %d\n", x);
#else
	pr_err_ratelimited("@U@: two %d\n", x);
#endif
	return helper(x);
}

int pos_@U@_only_rs(int x)
{
#if defined(PATCHED) && PATCHED == 2 && '@U@' == 'b'
	pr_err_ratelimited("@U@: only, patched %d\n", x + 1);
#else
	pr_err_ratelimited("@U@: only %d\n", x);
#endif
	return x;
}
