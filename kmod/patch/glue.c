// SPDX-License-Identifier: GPL-2.0
/*
 * glue.c - linked into every patch module livepatch-build generates.
 *
 * At init, walks the .suture.* records (kmod/patch/suture-abi.h) gathered
 * by patch.lds, groups them by target object into the structures of
 * suture.h and registers the patch with suture.ko.  Module parameters:
 * model=stop|per-task, timeout=SECONDS.
 *
 * livepatch-build defines: SUTURE_PATCH_REPLACE (0/1), SUTURE_PATCH_MODEL
 * ("stop", "per-task" or ""), SUTURE_RELEASE, SUTURE_BUILD.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "suture.h"
#include "suture-abi.h"
#include "glue-records.h"

#ifndef SUTURE_PATCH_MODEL
#define SUTURE_PATCH_MODEL ""
#endif

static char *model = SUTURE_PATCH_MODEL;
module_param(model, charp, 0400);
MODULE_PARM_DESC(model, "consistency model: stop or per-task");

static unsigned int timeout;
module_param(timeout, uint, 0400);
MODULE_PARM_DESC(timeout, "transition timeout in seconds (0: default)");

static struct suture_patch patch;

/* Index of objname in objs[0..*nr), added when new. */
static int object_index(struct suture_object *objs, int *nr, __u64 objname)
{
	int i;

	for (i = 0; i < *nr; i++)
		if (same_obj(objs[i].name, str(objname)))
			return i;
	objs[i].name = str(objname);
	(*nr)++;
	return i;
}

static int attach_callback(struct suture_object *obj,
			   struct suture_abi_callback *cb)
{
	void *fn = (void *)(unsigned long)cb->fn;
	void **slot;

	switch (cb->type) {
	case SUTURE_ABI_PRE_PATCH:
		slot = (void **)&obj->callbacks.pre_patch;
		break;
	case SUTURE_ABI_POST_PATCH:
		slot = (void **)&obj->callbacks.post_patch;
		break;
	case SUTURE_ABI_PRE_UNPATCH:
		slot = (void **)&obj->callbacks.pre_unpatch;
		break;
	case SUTURE_ABI_POST_UNPATCH:
		slot = (void **)&obj->callbacks.post_unpatch;
		break;
	default:
		pr_err("unknown callback type %u\n", cb->type);
		return -EINVAL;
	}
	if (*slot) {
		pr_err("two callbacks of type %u for %s\n", cb->type,
		       obj->name ?: "vmlinux");
		return -EINVAL;
	}
	*slot = fn;
	return 0;
}

static int build_objects(void)
{
	int nr_funcs = __suture_funcs_end - __suture_funcs_start;
	int nr_relocs = __suture_relocs_end - __suture_relocs_start;
	int nr_cbs = __suture_callbacks_end - __suture_callbacks_start;
	int max = nr_funcs + nr_relocs + nr_cbs, nr = 0, i, o, ret;
	struct suture_object *objs;
	int *nf, *nrl;

	objs = kcalloc(max + 1, sizeof(*objs), GFP_KERNEL);
	nf = kcalloc(max + 1, sizeof(int), GFP_KERNEL);
	nrl = kcalloc(max + 1, sizeof(int), GFP_KERNEL);
	if (!objs || !nf || !nrl) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr_funcs; i++)
		nf[object_index(objs, &nr, __suture_funcs_start[i].objname)]++;
	for (i = 0; i < nr_relocs; i++)
		nrl[object_index(objs, &nr, __suture_relocs_start[i].objname)]++;
	for (i = 0; i < nr_cbs; i++)
		object_index(objs, &nr, __suture_callbacks_start[i].objname);

	ret = -ENOMEM;
	for (o = 0; o < nr; o++) {
		if (nf[o]) {
			objs[o].funcs = kcalloc(
				nf[o] + 1, sizeof(*objs[o].funcs), GFP_KERNEL);
			if (!objs[o].funcs)
				goto out;
		}
		if (nrl[o]) {
			objs[o].relocs = kcalloc(
				nrl[o], sizeof(*objs[o].relocs), GFP_KERNEL);
			if (!objs[o].relocs)
				goto out;
		}
		nf[o] = 0;
	}
	for (i = 0; i < nr_funcs; i++) {
		struct suture_abi_func *a = &__suture_funcs_start[i];
		struct suture_func *f;

		o = object_index(objs, &nr, a->objname);
		f = &objs[o].funcs[nf[o]++];
		f->old_name = str(a->name);
		f->old_sympos = a->sympos;
		f->old_size = a->old_size;
		f->new_func = (void *)(unsigned long)a->new_func;
	}
	for (i = 0; i < nr_relocs; i++) {
		struct suture_abi_reloc *a = &__suture_relocs_start[i];
		struct suture_object *obj;
		struct suture_reloc *r;

		obj = &objs[object_index(objs, &nr, a->objname)];
		r = &obj->relocs[obj->nr_relocs++];
		r->place = (void *)(unsigned long)a->place;
		r->name = str(a->name);
		r->sympos = a->sympos;
		r->type = a->type;
		r->addend = a->addend;
	}
	for (i = 0; i < nr_cbs; i++) {
		struct suture_abi_callback *cb = &__suture_callbacks_start[i];

		o = object_index(objs, &nr, cb->objname);
		ret = attach_callback(&objs[o], cb);
		if (ret)
			goto out;
	}
	patch.objs = objs;
	ret = 0;
out:
	kfree(nf);
	kfree(nrl);
	if (ret) {
		for (o = 0; objs && o < nr; o++) {
			kfree(objs[o].funcs);
			kfree(objs[o].relocs);
		}
		kfree(objs);
	}
	return ret;
}

/**
 * suture_state_get() - this patch's system state @id (suture-state.h)
 * @id: the id given to SUTURE_STATE()
 *
 * Return: the state, or NULL when the patch does not declare @id.
 */
struct suture_state *suture_state_get(unsigned long id)
{
	return suture_patch_state(&patch, id);
}

/**
 * suture_state_prev() - state @id of the patches below this one
 * @id: the id given to SUTURE_STATE()
 *
 * Return: their state, or NULL (none, or this patch is not being
 * enabled: call it from the pre_patch or post_patch callback).
 */
struct suture_state *suture_state_prev(unsigned long id)
{
	return suture_patch_prev_state(&patch, id);
}

static void free_patch_objects(void)
{
	struct suture_object *obj;

	if (!patch.objs)
		return;
	suture_for_each_object(&patch, obj) {
		kfree(obj->funcs);
		kfree(obj->relocs);
	}
	kfree(patch.objs);
	patch.objs = NULL;
}

static int __init suture_patch_init(void)
{
	int ret;

	if (!strcmp(model, "stop")) {
		patch.model = SUTURE_MODEL_STOP;
	} else if (!strcmp(model, "per-task")) {
		patch.model = SUTURE_MODEL_PER_TASK;
	} else if (!*model) {
		patch.model = SUTURE_MODEL_DEFAULT;
	} else {
		pr_err("model=%s: use stop or per-task\n", model);
		return -EINVAL;
	}
	patch.mod = THIS_MODULE;
	patch.replace = SUTURE_PATCH_REPLACE;
	patch.timeout = timeout;
	ret = build_objects();
	if (ret)
		return ret;
	ret = glue_states(&patch.states);
	if (!ret)
		ret = suture_register_patch(&patch);
	if (ret) {
		free_patch_objects();
		kfree(patch.states);
	}
	return ret;
}

static void __exit suture_patch_exit(void)
{
	suture_unregister_patch(&patch);
	free_patch_objects();
	kfree(patch.states);
}

module_init(suture_patch_init);
module_exit(suture_patch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture live patch");
MODULE_INFO(suture_patch, "Y");
MODULE_INFO(suture_release, SUTURE_RELEASE);
MODULE_INFO(suture_build, SUTURE_BUILD);
MODULE_INFO(suture_abi, __stringify(SUTURE_ABI_VERSION));
#ifdef SUTURE_UPDATE_TO
/* livepatch-build --update-to: the Debian builds it takes the kernel from/to */
MODULE_INFO(suture_update_from, SUTURE_UPDATE_FROM);
MODULE_INFO(suture_update_to, SUTURE_UPDATE_TO);
#endif
