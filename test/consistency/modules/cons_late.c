// SPDX-License-Identifier: GPL-2.0
/*
 * cons_late - a second target, loaded while a transition is open:
 * /proc/cons_late shows cons_late_value() (1; the test patch's: 2).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int cons_late_one = 1;

noinline int cons_late_value(void)
{
	return READ_ONCE(cons_late_one);
}

static int cons_late_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", cons_late_value());
	return 0;
}

static int __init cons_late_init(void)
{
	return proc_create_single("cons_late", 0444, NULL, cons_late_show) ?
		       0 :
		       -ENOMEM;
}

static void __exit cons_late_exit(void)
{
	remove_proc_entry("cons_late", NULL);
}

module_init(cons_late_init);
module_exit(cons_late_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture consistency tests: a module loaded late");
