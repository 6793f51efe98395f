// SPDX-License-Identifier: GPL-2.0
/*
 * A patch that must be refused, depending on "mode":
 *   size     cmdline_proc_show recorded with old_size = "size" (the scenario
 *            passes the right extent, or a wrong one)
 *   missing  also replaces suture_selftest_missing_fn, which does not exist
 *   refuse   the pre_patch callback of object st_target refuses
 * /proc/cmdline reads "suture-bad" when it is applied; st_target_value()
 * returns 99.  Logging callbacks on both objects.
 */
#include <linux/seq_file.h>
#include "selftest.h"

static char *mode = "size";
module_param(mode, charp, 0444);
static ulong size;
module_param(size, ulong, 0444);

ST_LOGGING_CALLBACKS

static int st_refusing_pre_patch(struct suture_object *obj)
{
	st_pre_patch_int(obj);
	return strcmp(mode, "refuse") ? 0 : -EPERM;
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-bad\n");
	return 0;
}

static int new_st_target_value(void)
{
	return 99;
}

static struct suture_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ .old_name = NULL, .new_func = new_cmdline_proc_show },
	{}
};

static struct suture_func st_funcs[] = { { .old_name = "st_target_value",
					   .new_func = new_st_target_value },
					 {} };

static struct suture_object objs[] = {
	{ .funcs = vmlinux_funcs, .callbacks = ST_CALLBACKS },
	{ .name = "st_target", .funcs = st_funcs, .callbacks = {
		.pre_patch = st_refusing_pre_patch,
		.post_patch = st_post_patch,
		.pre_unpatch = st_pre_unpatch,
		.post_unpatch = st_post_unpatch,
	} },
	{ }
};

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init st_init(void)
{
	vmlinux_funcs[0].old_size = size;
	/* a record without old_name must be the terminator (see validate.c) */
	if (!strcmp(mode, "missing"))
		vmlinux_funcs[1].old_name = "suture_selftest_missing_fn";
	else
		vmlinux_funcs[1].new_func = NULL;
	return suture_register_patch(&patch);
}

static void __exit st_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(st_init);
module_exit(st_exit);
MODULE_LICENSE("GPL");
