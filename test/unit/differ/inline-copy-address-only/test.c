// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

extern int sut_scan(int (*fn)(int), int n);

/*
 * never inlined, only its address passed on (ext4_es_is_delonly in
 * fs/ext4/inode.c): gcc writes no DW_AT_inline, the declaration says it
 */
static inline int
sut_is_small(int a)
{
#ifdef PATCHED
	return a >= 0 && a < 10;
#else
	return a < 10;
#endif
}

int sut_count_small(int n)
{
	return sut_scan(sut_is_small, n);
}
