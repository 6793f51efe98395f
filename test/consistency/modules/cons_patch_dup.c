// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_dup - replaces the second cons_dup_fn of module cons_dup
 * (sympos 2), the one whose cold part a kthread sleeps in.
 */
#include "suture.h"

static int new_cons_dup_fn(void)
{
	return 2;
}

static struct suture_func funcs[] = { { .old_name = "cons_dup_fn",
					.old_sympos = 2,
					.new_func = new_cons_dup_fn },
				      {} };

static struct suture_object objs[] = { { .name = "cons_dup", .funcs = funcs },
				       {} };

#include "cons_patch.h"
