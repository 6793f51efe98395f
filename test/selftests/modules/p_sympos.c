// SPDX-License-Identifier: GPL-2.0
/*
 * Patch for the local function st_dup of st_target at position "pos"
 * (module parameter, default 2): the patched copy returns 2000 + pos.
 * pos=0 must be refused: the name is not unique.
 */
#include "selftest.h"

static ulong pos = 2;
module_param(pos, ulong, 0444);

static int new_st_dup(void)
{
	return 2000 + (int)pos;
}

static struct suture_func funcs[] = { { .old_name = "st_dup",
					.new_func = new_st_dup },
				      {} };

static struct suture_object objs[] = { { .name = "st_target", .funcs = funcs },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init st_init(void)
{
	funcs[0].old_sympos = pos;
	return suture_register_patch(&patch);
}

static void __exit st_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(st_init);
module_exit(st_exit);
MODULE_LICENSE("GPL");
