// SPDX-License-Identifier: GPL-2.0
/*
 * bench_target - three identical functions and a timing loop for each.
 * bench_fn_a is patched with Suture, bench_fn_b with the kernel's livepatch,
 * bench_fn_c stays unpatched.  Write "a|b|c N" to /proc/bench_core to call
 * that function N times in a tight loop; read the file for
 * "fn=F calls=N ns=T tsc=C loop=L value=V" (C: the loop's time stamp
 * counter cycles; L: what a call in the loop added to its argument on
 * average, V: the function's result for 1; they tell whether the loop
 * called the patched version: originals return x+1, patches x+2).
 * The Kbuild turns off GCC's identical code folding for this file: with it,
 * loop_b and loop_c were folded into loop_a (their callees being
 * identical), and all three loops called bench_fn_a.
 * "e N" runs the same loop with the call's body inlined (no call): the
 * loop's own cost, which bench/core subtracts to get the cost of a call.
 * The functions' body is bench_body.h's: one line, or with -DBENCH_TYPICAL
 * the work of a small kernel function (read "kind" from the file).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/ktime.h>
#include <linux/uaccess.h>
#include <asm/msr.h>
#include "bench_body.h"

noinline int bench_fn_a(int x)
{
	return bench_body(x, 1);
}
noinline int bench_fn_b(int x)
{
	return bench_body(x, 1);
}
noinline int bench_fn_c(int x)
{
	return bench_body(x, 1);
}

static char last_fn = '-';
static unsigned long last_calls;
static u64 last_ns, last_tsc;
static int last_value;
static long last_loop;

/*
 * Each loop is timed twice: by the kernel's clock (ns) and by the time stamp
 * counter read directly (rdtsc_ordered).  Under QEMU -icount the TSC counts
 * executed instructions exactly (rdtsc ends the emulator's block), whatever
 * clocksource the guest kernel chose.
 */
#define BENCH_LOOP(f)                                                     \
	static noinline long loop_##f(unsigned long n, u64 *ns, u64 *tsc) \
	{                                                                 \
		unsigned long i;                                          \
		long acc = 0;                                             \
		u64 t0 = ktime_get_ns();                                  \
		u64 c0 = rdtsc_ordered();                                 \
                                                                          \
		for (i = 0; i < n; i++)                                   \
			acc += bench_fn_##f((int)i);                      \
		*tsc = rdtsc_ordered() - c0;                              \
		*ns = ktime_get_ns() - t0;                                \
		return acc;                                               \
	}
BENCH_LOOP(a)
BENCH_LOOP(b)
BENCH_LOOP(c)

/* The loop without a call: the same addition, kept in the loop by barrier(). */
static noinline long loop_e(unsigned long n, u64 *ns, u64 *tsc)
{
	unsigned long i;
	long acc = 0;
	u64 t0 = ktime_get_ns();
	u64 c0 = rdtsc_ordered();

	for (i = 0; i < n; i++) {
		acc += (int)i + 1;
		barrier();
	}
	*tsc = rdtsc_ordered() - c0;
	*ns = ktime_get_ns() - t0;
	return acc;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[32], fn;
	unsigned long n;
	long acc;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	if (sscanf(buf, "%c %lu", &fn, &n) != 2 || !n)
		return -EINVAL;
	switch (fn) {
	case 'a':
		acc = loop_a(n, &last_ns, &last_tsc);
		last_value = bench_fn_a(1);
		break;
	case 'b':
		acc = loop_b(n, &last_ns, &last_tsc);
		last_value = bench_fn_b(1);
		break;
	case 'c':
		acc = loop_c(n, &last_ns, &last_tsc);
		last_value = bench_fn_c(1);
		break;
	case 'e':
		acc = loop_e(n, &last_ns, &last_tsc);
		last_value = 0;
		break;
	default:
		return -EINVAL;
	}
	last_fn = fn;
	last_calls = n;
	/* what a call added on average: 1 (x + 1) or 2 (patched, x + 2) */
	last_loop = (acc - (long)(n * (n - 1) / 2)) / (long)n;
	return count;
}

static int bench_show(struct seq_file *m, void *v)
{
	seq_printf(
		m,
		"fn=%c calls=%lu ns=%llu tsc=%llu loop=%ld value=%d kind=%s\n",
		last_fn, last_calls, last_ns, last_tsc, last_loop, last_value,
		BENCH_KIND);
	return 0;
}

static int bench_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_show, NULL);
}

static const struct proc_ops bench_ops = {
	.proc_open = bench_open,
	.proc_read = seq_read,
	.proc_write = bench_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static int __init bench_init(void)
{
	if (!proc_create("bench_core", 0644, NULL, &bench_ops))
		return -ENOMEM;
	return 0;
}

static void __exit bench_exit(void)
{
	remove_proc_entry("bench_core", NULL);
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
