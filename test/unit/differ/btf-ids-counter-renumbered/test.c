// SPDX-License-Identifier: GPL-2.0
/* a kfunc ID set (as tcp_cubic's): its symbols are
 * __BTF_ID__func__NAME__<__COUNTER__><__LINE__>; the patch adds a max()
 * (whose __UNIQUE_ID names count too) above them: the set and the struct
 * pointing to it are unchanged */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/btf_ids.h>

int sut_kf_a(int x, int y)
{
#ifdef PATCHED
	return max(x, y) + 1;
#else
	return x + 1;
#endif
}

int sut_kf_b(int x)
{
	return x * 3;
}

BTF_SET8_START(sut_kfunc_ids)
BTF_ID_FLAGS(func, sut_kf_a)
BTF_ID_FLAGS(func, sut_kf_b)
BTF_SET8_END(sut_kfunc_ids)

struct sut_id_set {
	void *owner;
	struct btf_id_set8 *set;
};

static const struct sut_id_set sut_kfunc_set = {
	.set = &sut_kfunc_ids,
};

const struct sut_id_set *sut_get_set(void)
{
	return &sut_kfunc_set;
}
