// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own livepatch on cmdline_proc_show, whose pre_patch
 * callback sleeps hold_ms: the kernel holds klp_mutex meanwhile, so a
 * module loading then stays in MODULE_STATE_COMING, held in
 * klp_module_coming() before the module notifiers run.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static unsigned int hold_ms = 4000;
module_param(hold_ms, uint, 0444);

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "klp-hold\n");
	return 0;
}

static int hold_pre_patch(struct klp_object *obj)
{
	pr_info("klp_hold: holding klp_mutex for %u ms\n", hold_ms);
	msleep(hold_ms);
	return 0;
}

static struct klp_func funcs[] = { { .old_name = "cmdline_proc_show",
				     .new_func = new_cmdline_proc_show },
				   {} };

static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = hold_pre_patch } },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_hold_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_hold_exit(void)
{
}

module_init(klp_hold_init);
module_exit(klp_hold_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
