// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose init triggers WARN_ON(1): the VM runner must report it and
 * fail the run (test/vm/check).
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init warn_on_init_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit warn_on_init_exit(void)
{
}

module_init(warn_on_init_init);
module_exit(warn_on_init_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture test: WARN_ON(1) at init");
