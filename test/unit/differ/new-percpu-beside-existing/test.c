// SPDX-License-Identifier: GPL-2.0
/*
 * A new per-cpu variable lands in .data..percpu beside existing ones: only
 * it is copied, into the module's .data..percpu (the module loader gives
 * per-cpu areas only to that section); the existing ones stay the
 * kernel's.
 */
#include <linux/kernel.h>
#include <linux/percpu.h>

static DEFINE_PER_CPU(int, sut_pa);
DEFINE_PER_CPU(long, sut_pg);
#ifdef PATCHED
static DEFINE_PER_CPU(int, sut_pb);
#endif

int sut_count(int n)
{
	this_cpu_add(sut_pa, n);
	this_cpu_inc(sut_pg);
#ifdef PATCHED
	this_cpu_inc(sut_pb);
	return this_cpu_read(sut_pa) + this_cpu_read(sut_pb);
#else
	return this_cpu_read(sut_pa);
#endif
}

long sut_total(void)
{
	return this_cpu_read(sut_pg);
}
