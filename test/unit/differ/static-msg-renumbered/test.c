// SPDX-License-Identifier: GPL-2.0
/* NL_SET_ERR_MSG's "static const char __msg[] = msg" objects are numbered
 * per unit (__msg.N; gcc 12 counts from the end of the file): a message
 * added below renumbers every earlier one.  They pair by content, so
 * sut_check_second is unchanged. */
#include <linux/kernel.h>

#define SUT_SET_MSG(p, m)                         \
	do {                                      \
		static const char __msg[] = m;    \
		*(p) = __msg;                     \
	} while (0)

int sut_check_second(const char **msg, int x)
{
	if (x == 1)
		SUT_SET_MSG(msg, "value is one");
	else if (x == 2)
		SUT_SET_MSG(msg, "value is two");
	else if (x == 3)
		SUT_SET_MSG(msg, "value is three");
	return x;
}

int sut_check_last(const char **msg, int x)
{
	if (x < 0) {
#ifdef PATCHED
		SUT_SET_MSG(msg, "negative value");
#endif
		return -1;
	}
	return 0;
}
