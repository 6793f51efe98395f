// SPDX-License-Identifier: GPL-2.0
/*
 * Replace patch: /proc/cmdline reads "suture-replace"; everything older
 * patches changed and this one does not (/proc/version) is back to the
 * original.
 */
#include <linux/seq_file.h>
#include "selftest.h"

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-replace\n");
	return 0;
}

static struct suture_func funcs[] = { { .old_name = "cmdline_proc_show",
					.new_func = new_cmdline_proc_show },
				      {} };

static struct suture_object objs[] = { { .funcs = funcs }, {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = true,
};

ST_PATCH_MODULE(patch);
