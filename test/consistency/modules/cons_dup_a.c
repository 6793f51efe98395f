// SPDX-License-Identifier: GPL-2.0
/*
 * cons_dup - two local functions named cons_dup_fn (this file: sympos 1,
 * cons_dup_b.c: sympos 2); only the second has an out-of-line cold part
 * (cons_dup_fn.cold, the only one of that name: position 1 among the cold
 * parts).  The kthread "cons_dup" calls the second one and sleeps in its
 * cold part after "block" is written to /proc/cons_dup, until "release".
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/delay.h>
#include "cons_dup.h"

static noinline int cons_dup_fn(void)
{
	return READ_ONCE(cons_dup_one);
}

int cons_dup_one = 1;
static int cons_dup_last;
bool cons_dup_block;
static struct task_struct *worker;

static int worker_fn(void *unused)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(cons_dup_last, cons_dup_fn() + cons_dup_second());
		msleep_interruptible(20);
	}
	return 0;
}

static ssize_t dup_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char buf[16];
	size_t n = min(count, sizeof(buf) - 1);

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	if (!strncmp(buf, "block", 5))
		WRITE_ONCE(cons_dup_block, true);
	else if (!strncmp(buf, "release", 7))
		cons_dup_release();
	else
		return -EINVAL;
	return count;
}

static int dup_show(struct seq_file *m, void *v)
{
	seq_printf(m, "blocked %d\n", cons_dup_blocked());
	return 0;
}

static int dup_open(struct inode *inode, struct file *file)
{
	return single_open(file, dup_show, NULL);
}

static const struct proc_ops dup_ops = {
	.proc_open = dup_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = dup_write,
};

static int __init cons_dup_init(void)
{
	if (!proc_create("cons_dup", 0600, NULL, &dup_ops))
		return -ENOMEM;
	worker = kthread_run(worker_fn, NULL, "cons_dup");
	if (IS_ERR(worker)) {
		remove_proc_entry("cons_dup", NULL);
		return PTR_ERR(worker);
	}
	return 0;
}

static void __exit cons_dup_exit(void)
{
	cons_dup_release();
	kthread_stop(worker);
	remove_proc_entry("cons_dup", NULL);
}

module_init(cons_dup_init);
module_exit(cons_dup_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION(
	"Suture consistency tests: equally named functions, one cold part");
