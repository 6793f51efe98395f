// SPDX-License-Identifier: GPL-2.0
/* cons_bench_p100 - replaces all 100 cons_bench_fn_N (pause benchmark). */
#include <linux/compiler.h>
#include "suture.h"

/* clang-format off */
#define F(n) static int new_fn_##n(void) { return 100 + (n); }
#define F10(x) F(x##0) F(x##1) F(x##2) F(x##3) F(x##4)			\
	F(x##5) F(x##6) F(x##7) F(x##8) F(x##9)
F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9)
F10(1) F10(2) F10(3) F10(4) F10(5) F10(6) F10(7) F10(8) F10(9)
#undef F
#undef F10

#define F(n) { .old_name = "cons_bench_fn_" #n, .new_func = new_fn_##n },
#define F10(x) F(x##0) F(x##1) F(x##2) F(x##3) F(x##4)			\
	F(x##5) F(x##6) F(x##7) F(x##8) F(x##9)
static struct suture_func funcs[] = {
	F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9)
	F10(1) F10(2) F10(3) F10(4) F10(5) F10(6) F10(7) F10(8) F10(9)
	{ }
};

static struct suture_object objs[] = {
	{ .name = "cons_bench", .funcs = funcs },
	{ }
};

/* clang-format on */

#include "cons_patch.h"
