// SPDX-License-Identifier: GPL-2.0
/*
 * cons_bench - target and timer of bench/consistency.
 *   cons_bench_fn_0 .. cons_bench_fn_99   functions the pause benchmarks
 *                                          patch (1 or all 100)
 *   cons_bench_call                        the function whose per-call cost
 *                                          is measured
 * /proc/cons_bench: write "stop N": time N empty stop_machine() calls;
 * "call N": time N calls of cons_bench_call(); "threads N": keep N
 * sleeping kthreads (replacing the previous ones; the stop model checks
 * every stack); read: the last figures.
 */
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/stop_machine.h>
#include <linux/uaccess.h>

static int cons_bench_one = 1;

/* clang-format off */
#define F(n) noinline int cons_bench_fn_##n(void)			\
	{ return READ_ONCE(cons_bench_one) + (n); }			\
	EXPORT_SYMBOL_GPL(cons_bench_fn_##n);
#define F10(x) F(x##0) F(x##1) F(x##2) F(x##3) F(x##4)			\
	F(x##5) F(x##6) F(x##7) F(x##8) F(x##9)
F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9)
F10(1) F10(2) F10(3) F10(4) F10(5) F10(6) F10(7) F10(8) F10(9)

noinline int cons_bench_call(int x)
{
	return x + READ_ONCE(cons_bench_one);
}
/* clang-format on */

#define MAX_SLEEPERS 8192

static struct task_struct **sleepers;
static unsigned long nr_sleepers;

static int sleeper_fn(void *unused)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void bench_threads(unsigned long n)
{
	struct task_struct *t;

	while (nr_sleepers)
		kthread_stop(sleepers[--nr_sleepers]);
	while (nr_sleepers < min(n, (unsigned long)MAX_SLEEPERS)) {
		t = kthread_run(sleeper_fn, NULL, "cons_sleep/%lu",
				nr_sleepers);
		if (IS_ERR(t))
			break;
		sleepers[nr_sleepers++] = t;
	}
}

static u64 stop_empty_ns, stop_empty_min_ns, call_ns_x1000;
static unsigned long call_n;

static int empty_fn(void *unused)
{
	return 0;
}

static void bench_stop(unsigned long n)
{
	u64 total = 0, min = U64_MAX, t0, d;
	unsigned long i;

	for (i = 0; i < n; i++) {
		t0 = ktime_get_ns();
		stop_machine(empty_fn, NULL, NULL);
		d = ktime_get_ns() - t0;
		total += d;
		min = min(min, d);
	}
	stop_empty_ns = n ? div64_u64(total, n) : 0;
	stop_empty_min_ns = n ? min : 0;
}

static void bench_call(unsigned long n)
{
	int (*volatile fn)(int) = cons_bench_call;
	u64 t0;
	unsigned long i;
	int acc = 0;

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		acc += fn((int)i);
	call_ns_x1000 = n ? div64_u64((ktime_get_ns() - t0) * 1000, n) : 0;
	call_n = n;
	WRITE_ONCE(cons_bench_one, READ_ONCE(cons_bench_one) + (acc & 0));
}

static int bench_show(struct seq_file *m, void *v)
{
	seq_printf(m, "stop_empty_avg_ns %llu\nstop_empty_min_ns %llu\n",
		   stop_empty_ns, stop_empty_min_ns);
	seq_printf(m, "call_ns %llu.%03llu\ncall_n %lu\n", call_ns_x1000 / 1000,
		   call_ns_x1000 % 1000, call_n);
	seq_printf(m, "threads %lu\n", nr_sleepers);
	return 0;
}

static int bench_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_show, NULL);
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[32];
	size_t len = min(count, sizeof(buf) - 1);
	unsigned long n;

	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "stop %lu", &n) == 1)
		bench_stop(min(n, 1000UL));
	else if (sscanf(buf, "call %lu", &n) == 1)
		bench_call(n);
	else if (sscanf(buf, "threads %lu", &n) == 1)
		bench_threads(n);
	else
		return -EINVAL;
	return count;
}

static const struct proc_ops bench_ops = {
	.proc_open = bench_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = bench_write,
};

static int __init cons_bench_init(void)
{
	sleepers = kvcalloc(MAX_SLEEPERS, sizeof(*sleepers), GFP_KERNEL);
	if (!sleepers)
		return -ENOMEM;
	if (!proc_create("cons_bench", 0600, NULL, &bench_ops)) {
		kvfree(sleepers);
		return -ENOMEM;
	}
	return 0;
}

static void __exit cons_bench_exit(void)
{
	remove_proc_entry("cons_bench", NULL);
	bench_threads(0);
	kvfree(sleepers);
}

module_init(cons_bench_init);
module_exit(cons_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture consistency benchmark target");
