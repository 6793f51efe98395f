// SPDX-License-Identifier: GPL-2.0
/* The second local st_dup of st_target (sympos 2). */
#include <linux/compiler.h>

static int st_dup_base = 1002;
int st_dup_other(void);

static noinline int st_dup(void)
{
	return READ_ONCE(st_dup_base);
}

int st_dup_other(void)
{
	return st_dup();
}
