// SPDX-License-Identifier: GPL-2.0
/*
 * cons_bench_pcall - replaces cons_bench_call (per-call cost benchmark) and
 * cons_target_work of cons_target, so that the blocked cons_blocker kthread
 * keeps the transition open while the cost during a transition is measured.
 */
#include <linux/atomic.h>
#include "suture.h"

extern atomic_long_t cons_new_work;

static int new_cons_bench_call(int x)
{
	return x + 2;
}

static int new_cons_target_work(void)
{
	atomic_long_inc(&cons_new_work);
	return 2;
}

static struct suture_func bench_funcs[] = { { .old_name = "cons_bench_call",
					      .new_func = new_cons_bench_call },
					    {} };

static struct suture_func target_funcs[] = {
	{ .old_name = "cons_target_work", .new_func = new_cons_target_work },
	{}
};

static struct suture_object objs[] = {
	{ .name = "cons_bench", .funcs = bench_funcs },
	{ .name = "cons_target", .funcs = target_funcs },
	{}
};

#include "cons_patch.h"
