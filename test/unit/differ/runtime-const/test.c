// SPDX-License-Identifier: GPL-2.0
/*
 * A runtime constant as 6.8+'s asm/runtime-const.h writes one (spelled
 * out: 6.1 has no such header, and it refuses modules): the immediate's
 * place in a runtime_ptr_SYM table.
 */
#include <linux/kernel.h>

unsigned long sut_limit;

#define sut_runtime_ptr(sym)                                                   \
	({                                                                     \
		unsigned long __ret;                                           \
		asm volatile("mov %1,%0\n1:\n"                                 \
			     ".pushsection runtime_ptr_" #sym ",\"a\"\n\t"     \
			     ".long 1b - %c2 - .\n"                            \
			     ".popsection"                                     \
			     : "=r"(__ret)                                     \
			     : "i"(0x0123456789abcdefull), "i"(sizeof(long))); \
		__ret;                                                         \
	})

int sut_below_limit(unsigned long x)
{
#ifdef PATCHED
	return x < sut_runtime_ptr(sut_limit);
#else
	return x <= sut_runtime_ptr(sut_limit);
#endif
}

int sut_other_limit(unsigned long x)
{
	return x + 1 <= sut_runtime_ptr(sut_limit);
}
