/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of the benchmarked functions, shared by bench_target and the
 * two patch modules: x + ADD (1 in the originals, 2 in the patches).
 * Built with -DBENCH_TYPICAL, the function first does the work of a small
 * kernel function (the mixing of jhash_3words(), a few dozen instructions)
 * whose result is masked by a variable that reads 0: the call overhead is
 * then measured against a function of realistic size, not against one
 * instruction.
 */
#ifndef BENCH_BODY_H
#define BENCH_BODY_H
#include <linux/jhash.h>
#include <linux/compiler.h>

#ifdef BENCH_TYPICAL
/* 0, read at every call: the compiler cannot drop the work it masks */
static int bench_zero;

static __always_inline int bench_body(int x, int add)
{
	u32 a = (u32)x, b = (u32)x ^ JHASH_INITVAL, c = (u32)x * 31u;

	__jhash_mix(a, b, c);
	__jhash_final(a, b, c);
	return x + add + (int)(c & (u32)READ_ONCE(bench_zero));
}
#define BENCH_KIND "typical"
#else
static __always_inline int bench_body(int x, int add)
{
	return x + add;
}
#define BENCH_KIND "one-line"
#endif
#endif
