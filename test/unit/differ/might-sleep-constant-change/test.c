// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

/* __might_sleep(__FILE__, __LINE__) as might_sleep() makes it with
 * CONFIG_DEBUG_ATOMIC_SLEEP (the target kernel has it off) */
extern void sut_might_sleep(const char *file, int line) __asm__("__might_sleep");
extern int sut_sink(int a, int b, int c);

int sut_sleeper(int a)
{
	sut_might_sleep(__FILE__, __LINE__);
#ifdef PATCHED
	return sut_sink(a, 20, 0);
#else
	return sut_sink(a, 10, 0);
#endif
}
