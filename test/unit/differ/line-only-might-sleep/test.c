// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

/* __might_sleep(__FILE__, __LINE__) as might_sleep() makes it with
 * CONFIG_DEBUG_ATOMIC_SLEEP (the target kernel has it off) */
extern void sut_might_sleep(const char *file, int line) __asm__("__might_sleep");
extern int sut_sink(int a, int b, int c);

#ifdef PATCHED
/* as if three lines had been added above: __LINE__ moves by 3 */
#line 17
#endif

int sut_sleeper(int a)
{
	sut_might_sleep(__FILE__, __LINE__);
	return sut_sink(a, 10, 0);
}
