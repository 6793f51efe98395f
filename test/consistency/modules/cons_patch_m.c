// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_m - two objects: cons_target (cons_target_work, as
 * cons_patch_a) and cons_late, a module that loads while the transition is
 * open; both new versions return 2.
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

static int new_cons_late_value(void)
{
	return 2;
}

static struct suture_func target_funcs[] = {
	{ .old_name = "cons_target_work", .new_func = new_cons_target_work },
	{}
};

static struct suture_func late_funcs[] = { { .old_name = "cons_late_value",
					     .new_func = new_cons_late_value },
					   {} };

static struct suture_object objs[] = {
	{ .name = "cons_target", .funcs = target_funcs },
	{ .name = "cons_late", .funcs = late_funcs },
	{}
};

#include "cons_patch.h"
