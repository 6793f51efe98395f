/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli_patch.h - the registration boilerplate of the hand-written CLI test
 * patch modules: model=/timeout= parameters and modinfo keys as
 * kmod/patch/glue.c provides them for generated patches.
 * Include once, after defining the module's `objs` array.
 */
#include <linux/module.h>
#include <linux/string.h>

#include "suture.h"

#ifndef CLI_RELEASE
#define CLI_RELEASE SUTURE_RELEASE
#endif
#ifndef CLI_BUILD
#define CLI_BUILD SUTURE_BUILD
#endif

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

static int __init cli_patch_init(void)
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

static void __exit cli_patch_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(cli_patch_init);
module_exit(cli_patch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture CLI test patch");
MODULE_INFO(suture_patch, "Y");
MODULE_INFO(suture_abi, __stringify(SUTURE_ABI_VERSION));
MODULE_INFO(suture_release, CLI_RELEASE);
MODULE_INFO(suture_build, CLI_BUILD);
