// SPDX-License-Identifier: GPL-2.0
/* The module of test/unit/positions/run: its init, apart from a.c and b.c
 * (which must number their _rs.N alike). */
#include <linux/init.h>
#include <linux/module.h>

int pos_a_report(int x);
int pos_a_only_rs(int x);
int pos_b_report(int x);
int pos_b_only_rs(int x);

/* after b.c's functions in the test's "vmlinux": their System.map extent */
int pos_c_last(int x);
int pos_c_last(int x)
{
	return x;
}

static int __init pos_init(void)
{
	return pos_a_report(0) + pos_b_report(0) + pos_a_only_rs(0) +
	       pos_b_only_rs(0) - 2 + pos_c_last(0);
}
module_init(pos_init);
MODULE_LICENSE("GPL");
