// SPDX-License-Identifier: GPL-2.0
/*
 * Once flags in .data..once, the name later kernels (6.2+) use instead of
 * 6.1's .data.once: the same per-call-site data, copied with its users.
 */
#include <linux/kernel.h>
#include <linux/printk.h>

#define SUT_ONCE(cond, fmt, ...)                                        \
	({                                                              \
		static bool __section(".data..once") __already_done;    \
		bool __ret = !!(cond);                                  \
		if (__ret && !__already_done) {                         \
			__already_done = true;                          \
			pr_info(fmt, ##__VA_ARGS__);                    \
		}                                                       \
		__ret;                                                  \
	})

int sut_first(int a)
{
	SUT_ONCE(a > 100, "sut_first big %d\n", a);
#ifdef PATCHED
	return a + 3;
#else
	return a + 1;
#endif
}

int sut_second(int a)
{
	SUT_ONCE(a > 200, "sut_second %d\n", a);
	return a + 2;
}
