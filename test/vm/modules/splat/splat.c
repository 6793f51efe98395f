// SPDX-License-Identifier: GPL-2.0
/*
 * splat - a module whose init makes one debug option of the kernel report
 * (what=ubsan|kasan|kfence|lockdep|sleep): the VM runner must see each
 * report and fail the run (test/vm/check, on a debug kernel).
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kfence.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static char *what = "";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "ubsan, kasan, kfence, lockdep or sleep");

static volatile int shift = 40; /* volatile: no compile-time folding */
static volatile int sink;

static noinline void splat_ubsan(void)
{
	sink = 1 << shift; /* UBSAN: shift-out-of-bounds */
}

static noinline void splat_kasan(void)
{
	char *p = kmalloc(8, GFP_KERNEL);

	if (!p)
		return;
	sink = ((volatile char *)p)[8]; /* BUG: KASAN: slab-out-of-bounds */
	kfree(p);
}

/* not instrumented by KASAN: the access must reach KFENCE's guard */
static noinline __no_sanitize_address int splat_kfence_read(char *p)
{
	return ((volatile char *)p)[0];
}

static void splat_kfence(void)
{
	unsigned long end = jiffies + 30 * HZ;
	char *p;

	/* KFENCE takes one allocation per sample interval: wait for one */
	while (time_before(jiffies, end)) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p)
			return;
		if (is_kfence_address(p)) {
			kfree(p);
			/* BUG: KFENCE: use-after-free read */
			sink = splat_kfence_read(p);
			return;
		}
		kfree(p);
		msleep(5);
	}
	pr_err("splat: no KFENCE allocation in 30 s\n");
}

static DEFINE_MUTEX(splat_a);
static DEFINE_MUTEX(splat_b);

static void splat_lockdep(void)
{
	/* a then b, then b then a: possible circular locking dependency */
	mutex_lock(&splat_a);
	mutex_lock(&splat_b);
	mutex_unlock(&splat_b);
	mutex_unlock(&splat_a);
	mutex_lock(&splat_b);
	mutex_lock(&splat_a);
	mutex_unlock(&splat_a);
	mutex_unlock(&splat_b);
}

static DEFINE_SPINLOCK(splat_lock);

static void splat_sleep(void)
{
	spin_lock(&splat_lock);
	might_sleep(); /* BUG: sleeping function called from invalid context */
	spin_unlock(&splat_lock);
}

static int __init splat_init(void)
{
	if (!strcmp(what, "ubsan"))
		splat_ubsan();
	else if (!strcmp(what, "kasan"))
		splat_kasan();
	else if (!strcmp(what, "kfence"))
		splat_kfence();
	else if (!strcmp(what, "lockdep"))
		splat_lockdep();
	else if (!strcmp(what, "sleep"))
		splat_sleep();
	else
		return -EINVAL;
	return 0;
}

static void __exit splat_exit(void)
{
}

module_init(splat_init);
module_exit(splat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture test: make a debug option of the kernel report");
