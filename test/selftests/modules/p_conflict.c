// SPDX-License-Identifier: GPL-2.0
/*
 * Replaces version_proc_show ("suture-version") and then cmdline_proc_show
 * ("suture-conflict"): when the kernel's livepatch already owns
 * cmdline_proc_show, ftrace refuses the second redirection after the first
 * one is in place, and everything must be undone.
 */
#include <linux/seq_file.h>
#include "selftest.h"

ST_LOGGING_CALLBACKS

static int new_version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-version\n");
	return 0;
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-conflict\n");
	return 0;
}

static struct suture_func funcs[] = {
	{ .old_name = "version_proc_show", .new_func = new_version_proc_show },
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{}
};

static struct suture_object objs[] = { { .funcs = funcs,
					 .callbacks = ST_CALLBACKS },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
