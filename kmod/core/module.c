// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - patches for modules that come and go.
 *
 * A patch object naming a module that is not loaded waits.  When the module
 * loads, our notifier (highest priority, MODULE_STATE_COMING: after ftrace
 * knows the module's functions, before its init runs) resolves the object,
 * applies its relocations, runs pre_patch and redirects its functions for
 * every enabled patch, oldest first.  If any of that fails the module does
 * not load.  When the module goes (MODULE_STATE_GOING) the functions are
 * let go, the relocations cleared (no stale address stays in the patch
 * module) and the object marked unloaded.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include "internal.h"

typedef struct module *(*find_module_t)(const char *name);

static bool obj_is_for(struct suture_object *obj, struct module *mod)
{
	return obj->name && !strcmp(obj->name, mod->name);
}

/*
 * Let go of one object whose module goes (or whose coming failed), in two
 * steps: detach_unpatch() stops the redirection (and runs the unpatch
 * callbacks); once no handler can still send a call into the patch's
 * code (suture_sync_handlers()), detach_forget() clears the relocations
 * that code uses.  Returns whether the object was redirected.
 */
static bool detach_unpatch(struct suture_object *obj, bool callbacks)
{
	struct suture_patch *patch = obj->patch;
	bool was_patched = obj->patched;

	if (obj->patched) {
		if (callbacks && patch->enabled &&
		    !(suture_transition_is_open() &&
		      suture_transition_patch() == patch))
			suture_cb_pre_unpatch(obj);
		suture_unpatch_object(obj, false);
	}
	if (callbacks && !obj->dynamic)
		suture_cb_post_unpatch(obj);
	obj->pre_patch_ok = false;
	return was_patched;
}

static void detach_forget(struct suture_object *obj)
{
	suture_clear_relocs(obj);
	suture_unresolve_object(obj);
	obj->mod = NULL;
	obj->loaded = false;
}

static void detach_object(struct suture_object *obj, bool callbacks)
{
	if (detach_unpatch(obj, callbacks))
		suture_sync_handlers();
	detach_forget(obj);
}

static int attach_object(struct suture_object *obj, struct module *mod,
			 bool patch_now)
{
	int ret;

	obj->mod = mod;
	ret = suture_resolve_object(obj);
	if (ret)
		goto fail;
	obj->loaded = true;
	ret = suture_apply_relocs(obj);
	if (ret)
		goto fail;
	if (!patch_now)
		return 0;
	if (!obj->dynamic) {
		ret = suture_cb_pre_patch(obj);
		if (ret)
			goto fail;
	}
	ret = suture_patch_object(obj);
	if (ret)
		goto fail;
	return 0;
fail:
	detach_object(obj, true);
	return ret;
}

/**
 * suture_attach_loaded_module() - bind a new patch's object to its module
 * @obj: module object of a patch being enabled (suture_mutex held)
 *
 * When the module is loaded (coming or live), resolve the object's symbols
 * and mark it loaded; the caller applies relocations, callbacks and
 * redirection.  The module cannot finish going away while suture_mutex is
 * held: its GOING notifier waits for it.
 * Return: 0 (also when the module is not loaded) or a resolution error.
 */
int suture_attach_loaded_module(struct suture_object *obj)
{
	find_module_t find = suture_ksym("find_module");
	struct module *mod;
	int ret;

	preempt_disable();
	mod = find(obj->name);
	if (mod && mod->state != MODULE_STATE_COMING &&
	    mod->state != MODULE_STATE_LIVE)
		mod = NULL;
	preempt_enable();
	if (!mod)
		return 0;

	obj->mod = mod;
	ret = suture_resolve_object(obj);
	if (ret) {
		obj->mod = NULL;
		return ret;
	}
	obj->loaded = true;
	return 0;
}

static void module_going(struct module *mod)
{
	struct suture_patch *patch;
	struct suture_object *obj;
	bool any = false;

	list_for_each_entry_reverse(patch, &suture_patches, list)
		suture_for_each_obj(patch, obj)
			if (obj->mod == mod && obj_is_for(obj, mod))
				any |= detach_unpatch(obj, true);
	/*
	 * No handler may still send a call to the patches' code for this
	 * module before the relocations that code uses are cleared.
	 */
	if (any)
		suture_sync_handlers();
	list_for_each_entry_reverse(patch, &suture_patches, list)
		suture_for_each_obj(patch, obj)
			if (obj->mod == mod && obj_is_for(obj, mod))
				detach_forget(obj);
}

static int module_coming(struct module *mod)
{
	struct suture_patch *patch, *tp;
	struct suture_object *obj;
	bool in_transition;
	int ret;

	tp = suture_transition_is_open() ? suture_transition_patch() : NULL;
	list_for_each_entry(patch, &suture_patches, list) {
		in_transition = patch == tp;
		if (!patch->enabled && !in_transition)
			continue;
		suture_for_each_obj(patch, obj) {
			if (!obj_is_for(obj, mod) || obj->mod == mod)
				continue;
			ret = attach_object(obj, mod, true);
			if (ret) {
				pr_err("%s: cannot patch module %s as it loads (%d); refusing to load it\n",
				       patch->mod->name, mod->name, ret);
				goto undo;
			}
			/* in a transition, post_patch runs when it ends */
			if (!in_transition && !obj->dynamic)
				suture_cb_post_patch(obj);
		}
	}
	return 0;
undo:
	module_going(mod);
	return ret;
}

static int suture_module_notify(struct notifier_block *nb, unsigned long action,
				void *data)
{
	struct module *mod = data;
	int ret = 0;

	if (action != MODULE_STATE_COMING && action != MODULE_STATE_GOING)
		return NOTIFY_DONE;

	mutex_lock(&suture_mutex);
	if (action == MODULE_STATE_COMING)
		ret = module_coming(mod);
	else
		module_going(mod);
	mutex_unlock(&suture_mutex);
	return notifier_from_errno(ret);
}

static struct notifier_block suture_module_nb = {
	.notifier_call = suture_module_notify,
	.priority = INT_MAX,
};

int suture_module_init(void)
{
	return register_module_notifier(&suture_module_nb);
}

void suture_module_exit(void)
{
	unregister_module_notifier(&suture_module_nb);
}
