// SPDX-License-Identifier: GPL-2.0
/*
 * A new tracepoint defined beside an existing one (both in __tracepoints,
 * their names in __tracepoints_strings): the new one is the module's own
 * (its __tracepoints_ptrs entry comes along, the module loader registers
 * it); the existing one stays the kernel's, a reference.
 */
#include <linux/kernel.h>
#include <linux/tracepoint.h>

DECLARE_TRACE(sut_tp_old, TP_PROTO(int a), TP_ARGS(a));
DEFINE_TRACE(sut_tp_old, TP_PROTO(int a), TP_ARGS(a));
#ifdef PATCHED
DECLARE_TRACE(sut_tp_new, TP_PROTO(int a), TP_ARGS(a));
DEFINE_TRACE(sut_tp_new, TP_PROTO(int a), TP_ARGS(a));
#endif

int sut_fire(int a)
{
	trace_sut_tp_old(a);
#ifdef PATCHED
	trace_sut_tp_new(a);
	return a + 2;
#else
	return a + 1;
#endif
}
