// SPDX-License-Identifier: GPL-2.0
/*
 * sut_oot - a small out-of-tree module for test/integration/oot/run:
 * /proc/sut_oot shows "answer=N" from sut_oot_answer() (answer.c).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "answer.h"

static int sut_oot_show(struct seq_file *m, void *v)
{
	seq_printf(m, "answer=%d\n", sut_oot_answer());
	return 0;
}

static int __init sut_oot_init(void)
{
	if (!proc_create_single("sut_oot", 0444, NULL, sut_oot_show))
		return -ENOMEM;
	return 0;
}

static void __exit sut_oot_exit(void)
{
	remove_proc_entry("sut_oot", NULL);
}

module_init(sut_oot_init);
module_exit(sut_oot_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("out-of-tree module for Suture's tests");
