// SPDX-License-Identifier: GPL-2.0
/*
 * Built with KASAN (cflags): gcc gives each string literal a redzone and
 * puts it in .rodata, not in a merged string section, so a reference to a
 * literal is .rodata+offset and the section grows with every literal the
 * patch adds.  The functions whose literals did not change, the __init one
 * too, are no change (each literal compared by the bounds its KASAN
 * descriptor gives); the one whose literal changed is.
 */
#include <linux/kernel.h>
#include <linux/init.h>

int sut_sink(const char *s);

int sut_same(void)
{
	return sut_sink("a literal no one changes");
}

int sut_changed(void)
{
#ifdef PATCHED
	return sut_sink("first") + sut_sink("a literal the patch adds");
#else
	return sut_sink("first");
#endif
}

int sut_text(void)
{
#ifdef PATCHED
	return sut_sink("text, changed");
#else
	return sut_sink("text, original");
#endif
}

static int __init sut_init(void)
{
	return sut_sink("an init function's literal");
}
late_initcall(sut_init);
