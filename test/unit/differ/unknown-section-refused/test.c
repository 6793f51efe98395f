// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

int sut_handler(int a)
{
#ifdef PATCHED
	return a + 2;
#else
	return a + 1;
#endif
}

static void *sut_registry_entry __used __section(".sut_registry") =
	sut_handler;
