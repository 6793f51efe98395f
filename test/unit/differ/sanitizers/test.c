// SPDX-License-Identifier: GPL-2.0
/*
 * Built with KASAN and UBSAN (cflags): the unit's KASAN constructor and
 * global descriptors are no change, UBSAN's per-check descriptors go with
 * the changed function, and a moved line changes no function.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#ifdef PATCHED
int sut_extra;
#endif
int sut_table[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static char sut_name[16] = "suture";

#ifdef PATCHED
#line 40
#endif
int sut_other(int i, int s)
{
	return sut_table[i] << s;
}

int sut_lookup(int i, int s)
{
#ifdef PATCHED
	return (sut_table[i] << s) + sut_extra + strlen(sut_name);
#else
	return (sut_table[i] << s) + strlen(sut_name);
#endif
}
