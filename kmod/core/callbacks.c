// SPDX-License-Identifier: GPL-2.0
/*
 * callbacks.c - run an object's pre/post (un)patch hooks.
 *
 * obj->pre_patch_ok records that pre_patch ran and succeeded (or that there
 * is none), so post_unpatch runs exactly once for each successful
 * pre_patch, whether the patch is later disabled, its enable fails, or the
 * target module goes away.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include "internal.h"

/**
 * suture_cb_pre_patch() - run pre_patch of @obj
 * @obj: a present object
 *
 * Return: 0 or the callback's error (logged), in which case nothing of
 * @obj may be applied.
 */
int suture_cb_pre_patch(struct suture_object *obj)
{
	int ret = 0;

	if (obj->callbacks.pre_patch)
		ret = obj->callbacks.pre_patch(obj);
	if (ret) {
		pr_notice(
			"%s: pre-patch callback for %s refused the patch (%d)\n",
			obj->patch->mod->name, suture_obj_name(obj), ret);
		return ret;
	}
	obj->pre_patch_ok = true;
	return 0;
}

/** suture_cb_post_patch() - run post_patch of @obj */
void suture_cb_post_patch(struct suture_object *obj)
{
	if (obj->callbacks.post_patch)
		obj->callbacks.post_patch(obj);
}

/** suture_cb_pre_unpatch() - run pre_unpatch of @obj */
void suture_cb_pre_unpatch(struct suture_object *obj)
{
	if (obj->callbacks.pre_unpatch)
		obj->callbacks.pre_unpatch(obj);
}

/** suture_cb_post_unpatch() - run post_unpatch of @obj if pre_patch ran */
void suture_cb_post_unpatch(struct suture_object *obj)
{
	if (!obj->pre_patch_ok)
		return;
	if (obj->callbacks.post_unpatch)
		obj->callbacks.post_unpatch(obj);
	obj->pre_patch_ok = false;
}
