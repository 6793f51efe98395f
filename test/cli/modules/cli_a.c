// SPDX-License-Identifier: GPL-2.0
/* cli_a - replaces cmdline_proc_show: /proc/cmdline reads "suture-cli-a". */
#include <linux/seq_file.h>
#include "suture.h"

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-cli-a\n");
	return 0;
}

static struct suture_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = new_cmdline_proc_show,
	},
	{},
};

static struct suture_object objs[] = {
	{
		.name = NULL,
		.funcs = funcs,
	},
	{},
};

#include "cli_patch.h"
