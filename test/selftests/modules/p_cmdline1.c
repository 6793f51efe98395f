// SPDX-License-Identifier: GPL-2.0
/* Patch: /proc/cmdline reads "suture-p1" (with logging callbacks). */
#include <linux/seq_file.h>
#include "selftest.h"

ST_LOGGING_CALLBACKS

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-p1\n");
	return 0;
}

static struct suture_func funcs[] = { { .old_name = "cmdline_proc_show",
					.new_func = new_cmdline_proc_show },
				      {} };

static struct suture_object objs[] = { { .funcs = funcs,
					 .callbacks = ST_CALLBACKS },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
