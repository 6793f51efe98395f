// SPDX-License-Identifier: GPL-2.0
/* Patch: /proc/version reads "suture-version". */
#include <linux/seq_file.h>
#include "selftest.h"

static int new_version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-version\n");
	return 0;
}

static struct suture_func funcs[] = { { .old_name = "version_proc_show",
					.new_func = new_version_proc_show },
				      {} };

static struct suture_object objs[] = { { .funcs = funcs }, {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
