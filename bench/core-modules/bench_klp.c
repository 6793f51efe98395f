// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own livepatch, for comparison: patches bench_target's
 * bench_fn_b (the new one returns x + 2).
 */
#include <linux/module.h>
#include "bench_body.h"
#include <linux/livepatch.h>

static int new_bench_fn_b(int x)
{
	return bench_body(x, 2);
}

static struct klp_func funcs[] = { { .old_name = "bench_fn_b",
				     .new_func = new_bench_fn_b },
				   {} };

static struct klp_object objs[] = { { .name = "bench_target", .funcs = funcs },
				    {} };

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init bench_klp_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit bench_klp_exit(void)
{
}

module_init(bench_klp_init);
module_exit(bench_klp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
