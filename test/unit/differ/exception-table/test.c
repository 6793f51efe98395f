// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/uaccess.h>

int sut_peek(int __user *u)
{
	int v = 0;

	if (!user_access_begin(u, sizeof(*u)))
		return -EFAULT;
	unsafe_get_user(v, u, efault);
	user_access_end();
#ifdef PATCHED
	return v + 1;
#else
	return v;
#endif
efault:
	user_access_end();
	return -EFAULT;
}

int sut_poke(int __user *u)
{
	int v = 0;

	if (!user_access_begin(u, sizeof(*u)))
		return -EFAULT;
	unsafe_get_user(v, u, efault);
	user_access_end();
	return v * 2;
efault:
	user_access_end();
	return -EFAULT;
}
