// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_a - replaces cons_target_work, cons_target_probe and
 * cons_target_uwait of module cons_target: the new versions return 2 (the
 * new work counts in new_work, the new uwait does not sleep).
 */
#include <linux/atomic.h>
#include "suture.h"

extern atomic_long_t cons_new_work;
void cons_target_wait_new(void);

static int new_cons_target_work(void)
{
	atomic_long_inc(&cons_new_work);
	cons_target_wait_new();
	return 2;
}

static int new_cons_target_probe(void)
{
	return 2;
}

static int new_cons_target_uwait(void)
{
	return 2;
}

static struct suture_func funcs[] = {
	{ .old_name = "cons_target_uwait", .new_func = new_cons_target_uwait },
	{ .old_name = "cons_target_work", .new_func = new_cons_target_work },
	{ .old_name = "cons_target_probe", .new_func = new_cons_target_probe },
	{}
};

static struct suture_object objs[] = { { .name = "cons_target",
					 .funcs = funcs },
				       {} };

#include "cons_patch.h"
