// SPDX-License-Identifier: GPL-2.0
/* what /proc/sut_oot shows; the out-of-tree patch changes it */
#include <linux/kernel.h>
#include "answer.h"

static int sut_oot_calls;

noinline int sut_oot_answer(void)
{
	sut_oot_calls++;
	return 41;
}
