// SPDX-License-Identifier: GPL-2.0
/* a member changes type at the same offset and size (int -> unsigned
 * int): the code reading it changes, old objects hold the old meaning */
#include <linux/kernel.h>

union sut_val {
#ifdef PATCHED
	unsigned int count;
#else
	int count;
#endif
	char tag[4];
};

long sut_val_read(union sut_val *v)
{
	return (long)v->count >> 1;
}
