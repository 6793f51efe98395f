// SPDX-License-Identifier: GPL-2.0
/*
 * gcc turns a switch returning constants into a lookup table, CSWTCH.N
 * (read-only, local, one function's): a changed case value changes only
 * the table, and the function gets its own copy of it.
 */
#include <linux/kernel.h>

int sut_map(int x)
{
	switch (x) {
	case 0: return 11;
	case 1: return 23;
	case 2: return 37;
	case 3: return 41;
#ifdef PATCHED
	case 4: return 58;
#else
	case 4: return 57;
#endif
	case 5: return 63;
	default: return -1;
	}
}

const char *sut_name(int x)
{
	switch (x) {
	case 0: return "zero";
	case 1: return "one";
	case 2: return "two";
	case 3: return "three";
	case 4: return "four";
	default: return "?";
	}
}

int sut_other(int x)
{
	return x + 1;
}
