// SPDX-License-Identifier: GPL-2.0
/*
 * Second patch for module st_target: st_target_value() returns 43.  Loaded
 * after p_mod (42), it must be the version that runs wherever both apply.
 * With defer=1 the module loads without registering its patch; writing 1
 * to its "register" parameter registers it then (so that a scenario can
 * enable a patch while some other module load is held half-way).
 */
#include "selftest.h"

static int new_st_target_value(void)
{
	return 43;
}

static struct suture_func funcs[] = { { .old_name = "st_target_value",
					.new_func = new_st_target_value },
				      {} };

static struct suture_object objs[] = { { .name = "st_target", .funcs = funcs },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static bool defer;
module_param(defer, bool, 0444);

static int register_set(const char *val, const struct kernel_param *kp)
{
	return suture_register_patch(&patch);
}

static const struct kernel_param_ops register_ops = { .set = register_set };
module_param_cb(register, &register_ops, NULL, 0200);

static int __init p_mod2_init(void)
{
	return defer ? 0 : suture_register_patch(&patch);
}

static void __exit p_mod2_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(p_mod2_init);
module_exit(p_mod2_exit);
MODULE_LICENSE("GPL");
