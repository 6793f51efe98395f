// SPDX-License-Identifier: GPL-2.0
/* The kernel's own livepatch on cmdline_proc_show: "klp-cmdline". */
#include <linux/module.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "klp-cmdline\n");
	return 0;
}

static struct klp_func funcs[] = { { .old_name = "cmdline_proc_show",
				     .new_func = new_cmdline_proc_show },
				   {} };

static struct klp_object objs[] = { { .funcs = funcs }, {} };

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_cmdline_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_cmdline_exit(void)
{
}

module_init(klp_cmdline_init);
module_exit(klp_cmdline_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
