// SPDX-License-Identifier: GPL-2.0
/* two members swap places: the same size, other offsets */
#include <linux/kernel.h>

struct sut_pair {
#ifdef PATCHED
	long second;
	long first;
#else
	long first;
	long second;
#endif
};

long sut_pair_sum(struct sut_pair *p)
{
	return p->first + 2 * p->second;
}
