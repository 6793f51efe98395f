// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/kprobes.h>

/* NOKPROBE_SYMBOL: an entry of _kprobe_blacklist (a pointer to the
 * function) each; the patched copy must stay out of kprobes' reach */
int sut_noprobe(int x)
{
#ifdef PATCHED
	return x + 2;
#else
	return x + 1;
#endif
}
NOKPROBE_SYMBOL(sut_noprobe);

int sut_other(int x)
{
	return x * 3;
}
NOKPROBE_SYMBOL(sut_other);
