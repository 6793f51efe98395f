// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/printk.h>

int sut_dump(const void *buf, int len)
{
#ifdef PATCHED
	if (len > 16)
#else
	if (len > 32)
#endif
		print_hex_dump_bytes("sut:", DUMP_PREFIX_NONE, buf, len);
	return len;
}
