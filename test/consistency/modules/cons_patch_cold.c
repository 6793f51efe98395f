// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_cold - replaces cons_target_cold of module cons_target, whose
 * old version's sleep sits in its out-of-line part cons_target_cold.cold.
 */
#include "suture.h"

static int new_cons_target_cold(void)
{
	return 2;
}

static struct suture_func funcs[] = { { .old_name = "cons_target_cold",
					.new_func = new_cons_target_cold },
				      {} };

static struct suture_object objs[] = { { .name = "cons_target",
					 .funcs = funcs },
				       {} };

#include "cons_patch.h"
