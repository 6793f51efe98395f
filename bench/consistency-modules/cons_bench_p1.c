// SPDX-License-Identifier: GPL-2.0
/* cons_bench_p1 - replaces one function of cons_bench (pause benchmark). */
#include <linux/compiler.h>
#include "suture.h"

static int new_fn_0(void)
{
	return 100;
}

static struct suture_func funcs[] = { { .old_name = "cons_bench_fn_0",
					.new_func = new_fn_0 },
				      {} };

static struct suture_object objs[] = { { .name = "cons_bench", .funcs = funcs },
				       {} };

#include "cons_patch.h"
