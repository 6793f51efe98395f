// SPDX-License-Identifier: GPL-2.0
/*
 * cons_target - the module the consistency tests patch.
 *
 * Functions the test patches replace, and counters that show which version
 * ran:
 *   cons_target_work()   called in a loop by the kthread "cons_blocker";
 *                        blocks in wait_event while /proc/cons_target says
 *                        "block" and until "release"
 *   cons_target_probe()  called by whoever reads /proc/cons_target_probe
 *                        and by the kthread "cons_ticker" (last value kept)
 *   cons_target_hot()    called constantly by one "cons_spin/N" kthread per
 *                        CPU after "spin"; every call is counted; it calls
 *                        cons_target_hot_inner() and counts in "mixed" a
 *                        call chain whose two versions differ
 *   cons_target_uwait()  called by readers of /proc/cons_target_uwait:
 *                        sleeps until "release" (interruptibly)
 *   cons_target_cold()   called by "cons_blocker" too; sleeps in its .cold
 *                        part after "blockcold"
 * /proc/cons_target: read: counters; write: block | blocknew | blockcold |
 * release | spin | unspin | twhold | twrelease ("blocknew": the patches'
 * new cons_target_work blocks; "twhold": the next reader of
 * /proc/cons_target_uwait, once its wait ends, queues a task work on
 * itself that sleeps until "twrelease", so that task works queued on that
 * reader before it wait behind it in the same task_work_run() batch, as
 * behind a blocking fput)
 * Old versions return 1 / count in old_*; the test patches return 2 and
 * count in new_* (the counters are exported for them).
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

atomic_long_t cons_old_work, cons_new_work, cons_old_hot, cons_new_hot;
atomic_long_t cons_loops_hot, cons_mixed;
EXPORT_SYMBOL_GPL(cons_mixed);
EXPORT_SYMBOL_GPL(cons_old_work);
EXPORT_SYMBOL_GPL(cons_new_work);
EXPORT_SYMBOL_GPL(cons_old_hot);
EXPORT_SYMBOL_GPL(cons_new_hot);

static DECLARE_WAIT_QUEUE_HEAD(cons_wq);
static bool cons_block; /* next call of cons_target_work blocks */
static bool cons_block_new; /* next cons_target_wait_new() blocks */
static bool cons_released;
static atomic_t cons_blocked_now; /* the blocker sits in the wait */
static int cons_ticker_last;
static struct task_struct *blocker, *ticker, *spinners[NR_CPUS];
static int nr_spinners;
static int cons_one = 1; /* read, so no caller can fold the result */
static bool cons_tw_hold, cons_tw_released;
static atomic_t cons_tw_waiting;
static struct callback_head cons_tw;

noinline int cons_target_work(void)
{
	atomic_long_inc(&cons_old_work);
	if (READ_ONCE(cons_block)) {
		atomic_set(&cons_blocked_now, 1);
		wait_event_interruptible(cons_wq,
					 READ_ONCE(cons_released) ||
						 kthread_should_stop());
		atomic_set(&cons_blocked_now, 0);
	}
	return READ_ONCE(cons_one);
}
EXPORT_SYMBOL_GPL(cons_target_work);

/*
 * Not patched: the test patches' new cons_target_work calls it, so that a
 * kthread can be held inside a *new* version ("blocknew").
 */
void cons_target_wait_new(void)
{
	if (!READ_ONCE(cons_block_new))
		return;
	atomic_set(&cons_blocked_now, 1);
	wait_event_interruptible(cons_wq, READ_ONCE(cons_released) ||
						  kthread_should_stop());
	atomic_set(&cons_blocked_now, 0);
}
EXPORT_SYMBOL_GPL(cons_target_wait_new);

/*
 * cons_target_cold() sleeps in its unlikely branch, which gcc moves out
 * of line into cons_target_cold.cold: a task sleeping there has only the
 * cold part on its stack ("blockcold").
 */
static bool cons_block_cold;

static noinline __cold void cons_cold_wait(void)
{
	atomic_set(&cons_blocked_now, 1);
	wait_event_interruptible(cons_wq, READ_ONCE(cons_released) ||
						  kthread_should_stop());
	atomic_set(&cons_blocked_now, 0);
	WRITE_ONCE(cons_block_cold, false);
}

noinline int cons_target_cold(void)
{
	if (unlikely(READ_ONCE(cons_block_cold))) {
		pr_info("cons_target: blocking in the cold part\n");
		cons_cold_wait();
		pr_info("cons_target: left the cold part\n");
	}
	return READ_ONCE(cons_one);
}

noinline int cons_target_probe(void)
{
	return READ_ONCE(cons_one);
}

/*
 * Called by readers of /proc/cons_target_uwait: a user task sleeping in a
 * replaced function until "release" (interruptible; an interrupted read
 * is restarted).
 */
noinline int cons_target_uwait(void)
{
	if (wait_event_interruptible(cons_wq, READ_ONCE(cons_released)))
		return -ERESTARTSYS;
	return READ_ONCE(cons_one);
}
EXPORT_SYMBOL_GPL(cons_target_uwait);

/*
 * Patched together with cons_target_hot: each version of cons_target_hot
 * checks that the cons_target_hot_inner it calls is of its own version
 * (old: 1, the test patch's: 2); a call chain mixing versions counts in
 * "mixed".
 */
noinline int cons_target_hot_inner(void)
{
	return READ_ONCE(cons_one);
}
EXPORT_SYMBOL_GPL(cons_target_hot_inner);

noinline int cons_target_hot(void)
{
	atomic_long_inc(&cons_old_hot);
	if (cons_target_hot_inner() != 1)
		atomic_long_inc(&cons_mixed);
	return READ_ONCE(cons_one);
}

static int blocker_fn(void *unused)
{
	while (!kthread_should_stop()) {
		cons_target_work();
		cons_target_cold();
		msleep(20);
	}
	return 0;
}

static int ticker_fn(void *unused)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(cons_ticker_last, cons_target_probe());
		msleep(20);
	}
	return 0;
}

static int spin_fn(void *unused)
{
	while (!kthread_should_stop()) {
		cons_target_hot();
		atomic_long_inc(&cons_loops_hot);
		/* also an RCU-tasks quiescent state: ftrace needs them */
		cond_resched_tasks_rcu_qs();
	}
	return 0;
}

static void spin_start(void)
{
	int cpu;

	if (nr_spinners)
		return;
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = kthread_create_on_cpu(spin_fn, NULL, cpu, "cons_spin/%u");
		if (IS_ERR(t))
			continue;
		spinners[nr_spinners++] = t;
		wake_up_process(t);
	}
}

static void spin_stop(void)
{
	while (nr_spinners)
		kthread_stop(spinners[--nr_spinners]);
}

static int state_show(struct seq_file *m, void *v)
{
	seq_printf(m, "old_work %ld\nnew_work %ld\nblocked %d\nticker %d\n",
		   atomic_long_read(&cons_old_work),
		   atomic_long_read(&cons_new_work),
		   atomic_read(&cons_blocked_now), READ_ONCE(cons_ticker_last));
	seq_printf(m, "old_hot %ld\nnew_hot %ld\nloops_hot %ld\nspinners %d\n",
		   atomic_long_read(&cons_old_hot),
		   atomic_long_read(&cons_new_hot),
		   atomic_long_read(&cons_loops_hot), nr_spinners);
	seq_printf(m, "mixed %ld\ntwhold %d\n", atomic_long_read(&cons_mixed),
		   atomic_read(&cons_tw_waiting));
	return 0;
}

static int state_open(struct inode *inode, struct file *file)
{
	return single_open(file, state_show, NULL);
}

static ssize_t state_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[16];
	size_t n = min(count, sizeof(buf) - 1);

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	if (!strncmp(buf, "twhold", 6)) {
		WRITE_ONCE(cons_tw_released, false);
		WRITE_ONCE(cons_tw_hold, true);
	} else if (!strncmp(buf, "twrelease", 9)) {
		WRITE_ONCE(cons_tw_released, true);
		wake_up_all(&cons_wq);
	} else if (!strncmp(buf, "blockcold", 9)) {
		WRITE_ONCE(cons_released, false);
		WRITE_ONCE(cons_block_cold, true);
	} else if (!strncmp(buf, "blocknew", 8)) {
		WRITE_ONCE(cons_released, false);
		WRITE_ONCE(cons_block_new, true);
	} else if (!strncmp(buf, "block", 5)) {
		WRITE_ONCE(cons_released, false);
		WRITE_ONCE(cons_block, true);
	} else if (!strncmp(buf, "release", 7)) {
		WRITE_ONCE(cons_block, false);
		WRITE_ONCE(cons_block_new, false);
		WRITE_ONCE(cons_released, true);
		wake_up_all(&cons_wq);
	} else if (!strncmp(buf, "spin", 4)) {
		spin_start();
	} else if (!strncmp(buf, "unspin", 6)) {
		spin_stop();
	} else {
		return -EINVAL;
	}
	return count;
}

static const struct proc_ops state_ops = {
	.proc_open = state_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = state_write,
};

static int probe_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", cons_target_probe());
	return 0;
}

static int probe_open(struct inode *inode, struct file *file)
{
	return single_open(file, probe_show, NULL);
}

static const struct proc_ops probe_ops = {
	.proc_open = probe_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static void cons_tw_fn(struct callback_head *head)
{
	atomic_set(&cons_tw_waiting, 1);
	wait_event(cons_wq, READ_ONCE(cons_tw_released));
	atomic_set(&cons_tw_waiting, 0);
}

static int uwait_show(struct seq_file *m, void *v)
{
	int ret = cons_target_uwait();

	if (ret < 0)
		return ret;
	if (READ_ONCE(cons_tw_hold)) {
		WRITE_ONCE(cons_tw_hold, false);
		init_task_work(&cons_tw, cons_tw_fn);
		if (task_work_add(current, &cons_tw, TWA_RESUME))
			pr_err("cons_target: task_work_add failed\n");
	}
	seq_printf(m, "%d\n", ret);
	return 0;
}

static int uwait_open(struct inode *inode, struct file *file)
{
	return single_open(file, uwait_show, NULL);
}

static const struct proc_ops uwait_ops = {
	.proc_open = uwait_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static int __init cons_target_init(void)
{
	proc_create("cons_target", 0600, NULL, &state_ops);
	proc_create("cons_target_uwait", 0444, NULL, &uwait_ops);
	proc_create("cons_target_probe", 0444, NULL, &probe_ops);
	blocker = kthread_run(blocker_fn, NULL, "cons_blocker");
	ticker = kthread_run(ticker_fn, NULL, "cons_ticker");
	if (IS_ERR(blocker) || IS_ERR(ticker))
		return -ENOMEM;
	return 0;
}

static void __exit cons_target_exit(void)
{
	spin_stop();
	WRITE_ONCE(cons_released, true);
	WRITE_ONCE(cons_tw_released, true);
	wake_up_all(&cons_wq);
	kthread_stop(blocker);
	kthread_stop(ticker);
	remove_proc_entry("cons_target_probe", NULL);
	remove_proc_entry("cons_target_uwait", NULL);
	remove_proc_entry("cons_target", NULL);
}

module_init(cons_target_init);
module_exit(cons_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture consistency tests: the patched module");
