// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_hot - replaces cons_target_hot of module cons_target, which
 * busy kthreads on every CPU call constantly: the new version counts in
 * new_hot, so old_hot + new_hot must equal the number of calls made; and
 * cons_target_hot_inner, so that a call chain mixing the versions shows
 * (cons_mixed).
 */
#include <linux/atomic.h>
#include "suture.h"

extern atomic_long_t cons_new_hot, cons_mixed;
int cons_target_hot_inner(void);

/* Called through the original: the task's version answers. */
static int new_cons_target_hot(void)
{
	atomic_long_inc(&cons_new_hot);
	if (cons_target_hot_inner() != 2)
		atomic_long_inc(&cons_mixed);
	return 2;
}

static int new_cons_target_hot_inner(void)
{
	return 2;
}

static struct suture_func funcs[] = { { .old_name = "cons_target_hot",
					.new_func = new_cons_target_hot },
				      { .old_name = "cons_target_hot_inner",
					.new_func = new_cons_target_hot_inner },
				      {} };

static struct suture_object objs[] = { { .name = "cons_target",
					 .funcs = funcs },
				       {} };

#include "cons_patch.h"
