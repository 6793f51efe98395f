// SPDX-License-Identifier: GPL-2.0
/* Suture patch for bench_target's bench_fn_a (the new one returns x + 2). */
#include <linux/module.h>
#include "bench_body.h"
#include "suture.h"

static int new_bench_fn_a(int x)
{
	return bench_body(x, 2);
}

static struct suture_func funcs[] = { { .old_name = "bench_fn_a",
					.new_func = new_bench_fn_a },
				      {} };

static struct suture_object objs[] = { { .name = "bench_target",
					 .funcs = funcs },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init bench_suture_init(void)
{
	return suture_register_patch(&patch);
}

static void __exit bench_suture_exit(void)
{
	suture_unregister_patch(&patch);
}

module_init(bench_suture_init);
module_exit(bench_suture_exit);
MODULE_LICENSE("GPL");
