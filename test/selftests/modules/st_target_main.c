// SPDX-License-Identifier: GPL-2.0
/*
 * st_target - a module for patches to target: /proc/st_target shows
 * "value=V dup1=D1 dup2=D2" from st_target_value() and the two local
 * functions named st_dup (one here: sympos 1, one in st_target_dup.c:
 * sympos 2), and "init=V": what st_target_value() returned in the
 * module's init (a patch for the module applies before its init runs).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int st_base = 7;
static int st_dup_base = 1001;
static int st_init_value;

int st_dup_other(void);

noinline int st_target_value(void)
{
	return READ_ONCE(st_base);
}

static noinline int st_dup(void)
{
	return READ_ONCE(st_dup_base);
}

static int st_target_show(struct seq_file *m, void *v)
{
	seq_printf(m, "value=%d dup1=%d dup2=%d init=%d\n", st_target_value(),
		   st_dup(), st_dup_other(), st_init_value);
	return 0;
}

static int __init st_target_init(void)
{
	st_init_value = st_target_value();
	if (!proc_create_single("st_target", 0444, NULL, st_target_show))
		return -ENOMEM;
	return 0;
}

static void __exit st_target_exit(void)
{
	remove_proc_entry("st_target", NULL);
}

module_init(st_target_init);
module_exit(st_target_exit);
MODULE_LICENSE("GPL");
