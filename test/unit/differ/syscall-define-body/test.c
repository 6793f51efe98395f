// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/syscalls.h>

extern int sut_sink(int a, int b, int c);

/*
 * __do_sys_sut_check is static inline (notrace), too big to be inlined in
 * both stubs: an out-of-line copy, called by __x64_sys_sut_check and
 * __ia32_sys_sut_check
 */
SYSCALL_DEFINE1(sut_check, int, a)
{
	int r = 0;

#ifdef PATCHED
	if (a < 0)
		return -EINVAL;
#endif
	r += sut_sink(r, a + 1, 1);
	r += sut_sink(r, a + 2, 2);
	r += sut_sink(r, a + 3, 3);
	r += sut_sink(r, a + 4, 4);
	r += sut_sink(r, a + 5, 5);
	r += sut_sink(r, a + 6, 6);
	r += sut_sink(r, a + 7, 7);
	r += sut_sink(r, a + 8, 8);
	r += sut_sink(r, a + 9, 9);
	r += sut_sink(r, a + 10, 10);
	r += sut_sink(r, a + 11, 11);
	r += sut_sink(r, a + 12, 12);
	r += sut_sink(r, a + 13, 13);
	r += sut_sink(r, a + 14, 14);
	r += sut_sink(r, a + 15, 15);
	r += sut_sink(r, a + 16, 16);
	r += sut_sink(r, a + 17, 17);
	r += sut_sink(r, a + 18, 18);
	r += sut_sink(r, a + 19, 19);
	r += sut_sink(r, a + 20, 20);
	r += sut_sink(r, a + 21, 21);
	r += sut_sink(r, a + 22, 22);
	r += sut_sink(r, a + 23, 23);
	r += sut_sink(r, a + 24, 24);
	r += sut_sink(r, a + 25, 25);
	r += sut_sink(r, a + 26, 26);
	r += sut_sink(r, a + 27, 27);
	r += sut_sink(r, a + 28, 28);
	r += sut_sink(r, a + 29, 29);
	r += sut_sink(r, a + 30, 30);
	r += sut_sink(r, a + 31, 31);
	r += sut_sink(r, a + 32, 32);
	return r;
}
