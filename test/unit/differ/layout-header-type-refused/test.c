// SPDX-License-Identifier: GPL-2.0
/* the patch changes a struct in a header the unit includes */
#include <linux/kernel.h>
#include "layout_header_type_refused.h"

long sut_hdr_total(struct sut_hdr_state *s)
{
	return s->total;
}
