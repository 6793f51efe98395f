// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_b - stacked on cons_patch_a: replaces cons_target_work and
 * cons_target_probe again; the new versions return 3.
 */
#include <linux/atomic.h>
#include "suture.h"

extern atomic_long_t cons_new_work;

static int new_b_cons_target_work(void)
{
	atomic_long_inc(&cons_new_work);
	return 3;
}

static int new_b_cons_target_probe(void)
{
	return 3;
}

static struct suture_func funcs[] = { { .old_name = "cons_target_work",
					.new_func = new_b_cons_target_work },
				      { .old_name = "cons_target_probe",
					.new_func = new_b_cons_target_probe },
				      {} };

static struct suture_object objs[] = { { .name = "cons_target",
					 .funcs = funcs },
				       {} };

#include "cons_patch.h"
