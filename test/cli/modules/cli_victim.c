// SPDX-License-Identifier: GPL-2.0
/*
 * cli_victim - an ordinary (non-patch) module whose kthread never leaves
 * cli_victim_loop(): a patch of that function cannot finish its
 * transition (cli_stuck).  Also serves as "not a patch module".
 */
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>

static struct task_struct *victim;

noinline int cli_victim_loop(void *data)
{
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static int __init cli_victim_init(void)
{
	victim = kthread_run(cli_victim_loop, NULL, "cli_victim");
	return PTR_ERR_OR_ZERO(victim);
}

static void __exit cli_victim_exit(void)
{
	kthread_stop(victim);
}

module_init(cli_victim_init);
module_exit(cli_victim_exit);
MODULE_LICENSE("GPL");
