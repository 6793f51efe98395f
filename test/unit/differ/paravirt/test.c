// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/irqflags.h>

extern int sut_sink(int a, int b, int c);

int sut_irqsafe(int a)
{
	unsigned long flags;
	int r;

	local_irq_save(flags);
	r = sut_sink(a, 0, 0);
	local_irq_restore(flags);
#ifdef PATCHED
	return r + 2;
#else
	return r + 1;
#endif
}

int sut_irqsafe2(int a)
{
	unsigned long flags;
	int r;

	local_irq_save(flags);
	r = sut_sink(a, 1, 0);
	local_irq_restore(flags);
	return r;
}
