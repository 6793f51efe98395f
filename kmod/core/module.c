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
 *
 * A module in MODULE_STATE_COMING is "present" for a patch being enabled
 * only once our notifier has seen it (the kernel's livepatch keeps
 * mod->klp_alive for the same reason): before that, ftrace may not know
 * its functions yet, the notifier will attach every enabled patch oldest
 * first anyway, and if the load fails before our notifier runs we would
 * never hear of the module again.  The modules seen are kept on
 * seen_modules (suture_mutex).
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include "internal.h"

typedef struct module *(*find_module_t)(const char *name);

/*
 * A module our notifier saw coming (seen) and that has not gone yet, or
 * one that was already coming when suture.ko registered its notifier
 * (!seen): whether the chain ran before us cannot be told, such a module
 * is refused as a target until it is live.
 */
struct seen_module {
	struct list_head node;
	struct module *mod;
	bool seen;
};

static LIST_HEAD(seen_modules);

static struct seen_module *seen_find(struct module *mod)
{
	struct seen_module *s;

	list_for_each_entry(s, &seen_modules, node)
		if (s->mod == mod)
			return s;
	return NULL;
}

static void seen_forget(struct module *mod)
{
	struct seen_module *s = seen_find(mod);

	if (s) {
		list_del(&s->node);
		kfree(s);
	}
}

static int seen_add(struct module *mod, bool seen, gfp_t gfp)
{
	struct seen_module *s = seen_find(mod);

	if (!s) {
		s = kzalloc(sizeof(*s), gfp);
		if (!s)
			return -ENOMEM;
		s->mod = mod;
		list_add(&s->node, &seen_modules);
	}
	s->seen = seen;
	return 0;
}

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

static int attach_object(struct suture_object *obj, struct module *mod,
			 bool patch_now)
{
	bool pushed = false;
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
	pushed = true;
	ret = suture_patch_object(obj);
	if (ret)
		goto fail;
	return 0;
fail:
	/*
	 * suture_patch_object() undid its funcs itself, but a handler may
	 * have sent a call into the patch's code meanwhile: no relocation
	 * that code uses is cleared before the handlers are synchronised.
	 */
	if (detach_unpatch(obj, true) || pushed)
		suture_sync_handlers();
	detach_forget(obj);
	return ret;
}

/**
 * suture_attach_loaded_module() - bind a new patch's object to its module
 * @obj: module object of a patch being enabled (suture_mutex held)
 *
 * When the module is live, or coming and already seen by our notifier,
 * resolve the object's symbols and mark it loaded; the caller applies
 * relocations, callbacks and redirection.  A module coming that the
 * notifier has not seen yet counts as not loaded: the notifier attaches
 * it (after this patch's older ones).  The module cannot finish going
 * away while suture_mutex is held: its GOING notifier waits for it.
 * Return: 0 (also when the module is not loaded), -EBUSY for a module
 * that was already loading when suture.ko came, or a resolution error.
 */
int suture_attach_loaded_module(struct suture_object *obj)
{
	find_module_t find = suture_ksym("find_module");
	struct seen_module *seen;
	struct module *mod;
	int state, ret;

	lockdep_assert_held(&suture_mutex);
	preempt_disable();
	mod = find(obj->name);
	state = mod ? mod->state : MODULE_STATE_UNFORMED;
	preempt_enable();
	if (state == MODULE_STATE_COMING) {
		seen = seen_find(mod);
		if (!seen)
			return 0;
		if (!seen->seen) {
			pr_err("%s: module %s was already loading when suture.ko was loaded; load the patch again once the module is live\n",
			       obj->patch->mod->name, obj->name);
			return -EBUSY;
		}
	} else if (state != MODULE_STATE_LIVE) {
		return 0;
	}

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
	if (action == MODULE_STATE_COMING) {
		ret = seen_add(mod, true, GFP_KERNEL);
		if (!ret)
			ret = module_coming(mod);
		if (ret)
			seen_forget(mod);
	} else {
		module_going(mod);
		seen_forget(mod);
	}
	suture_direct_update();
	mutex_unlock(&suture_mutex);
	return notifier_from_errno(ret);
}

static struct notifier_block suture_module_nb = {
	.notifier_call = suture_module_notify,
	.priority = INT_MAX,
};

/*
 * After our notifier is registered: note the modules still coming whose
 * notifier chain may have run before it (see struct seen_module).
 */
static int note_coming_modules(void)
{
	struct list_head *modules = suture_ksym("modules");
	struct module *mod;
	bool found_self = false;
	int ret = 0;

	if (!modules) {
		pr_err("kernel symbol modules (the module list) not found\n");
		return -ENOENT;
	}
	mutex_lock(&suture_mutex);
	preempt_disable();
	list_for_each_entry_rcu(mod, modules, list) {
		if (mod == THIS_MODULE)
			found_self = true;
		if (mod->state != MODULE_STATE_COMING || mod == THIS_MODULE ||
		    seen_find(mod))
			continue;
		/* under preempt_disable(): the list walk needs it */
		ret = seen_add(mod, false, GFP_ATOMIC);
		if (ret)
			break;
	}
	preempt_enable();
	mutex_unlock(&suture_mutex);
	if (!ret && !found_self) {
		pr_err("kernel symbol modules is not the module list\n");
		ret = -ENOENT;
	}
	return ret;
}

static void forget_all_modules(void)
{
	struct seen_module *s, *tmp;

	list_for_each_entry_safe(s, tmp, &seen_modules, node) {
		list_del(&s->node);
		kfree(s);
	}
}

int suture_module_init(void)
{
	int ret = register_module_notifier(&suture_module_nb);

	if (ret)
		return ret;
	ret = note_coming_modules();
	if (ret) {
		unregister_module_notifier(&suture_module_nb);
		forget_all_modules();
	}
	return ret;
}

void suture_module_exit(void)
{
	unregister_module_notifier(&suture_module_nb);
	forget_all_modules();
}
