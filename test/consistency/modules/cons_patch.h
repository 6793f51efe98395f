/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_patch.h - registration boilerplate of the hand-written patch modules
 * of the consistency tests: model= and timeout= parameters as the glue of
 * kmod/patch gives generated patches.  Include after defining `objs`.
 */
#include <linux/module.h>
#include <linux/string.h>
#include "suture.h"

static char *model = "";
module_param(model, charp, 0400);
MODULE_PARM_DESC(model, "consistency model: stop or per-task");

static unsigned int timeout;
module_param(timeout, uint, 0400);
MODULE_PARM_DESC(timeout, "transition timeout in seconds (0: default)");

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init cons_patch_init(void)
{
	if (!strcmp(model, "stop"))
		patch.model = SUTURE_MODEL_STOP;
	else if (!strcmp(model, "per-task"))
		patch.model = SUTURE_MODEL_PER_TASK;
	else if (*model)
		return -EINVAL;
	patch.timeout = timeout;
	return suture_register_patch(&patch);
}

static void __exit cons_patch_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(cons_patch_init);
module_exit(cons_patch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture consistency test patch");
MODULE_INFO(suture_patch, "Y");
