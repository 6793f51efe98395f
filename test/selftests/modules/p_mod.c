// SPDX-License-Identifier: GPL-2.0
/*
 * Patch for module st_target (loaded before or after this patch):
 * st_target_value() returns 42.  Logging callbacks on st_target and on
 * vmlinux (an object with callbacks only).
 */
#include "selftest.h"

ST_LOGGING_CALLBACKS

static int new_st_target_value(void)
{
	return 42;
}

static struct suture_func funcs[] = { { .old_name = "st_target_value",
					.new_func = new_st_target_value },
				      {} };

static struct suture_object objs[] = {
	{ .callbacks = ST_CALLBACKS },
	{ .name = "st_target", .funcs = funcs, .callbacks = ST_CALLBACKS },
	{}
};

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
