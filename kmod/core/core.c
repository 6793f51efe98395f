// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the patch registry: register, enable, disable, replace.
 *
 * Patches sit on suture_patches in registration order; the enabled ones
 * form the stack (newest last).  Enabling resolves everything and runs the
 * pre-patch callbacks before anything is redirected; only when all of that
 * succeeded are the functions pushed on their stacks and the consistency
 * engine (consistency/) asked to switch the tasks.  The engine reports the
 * end of a transition through suture_core_transition_finish().
 *
 * Locking: suture_mutex serialises every change (registration, sysfs
 * writes, module notifier, the engine's completion).
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

DEFINE_MUTEX(suture_mutex);
LIST_HEAD(suture_patches);

/*
 * Between pushing a patch's funcs and the engine's prepare there is no
 * per-task state yet: handlers treat the funcs of this patch as not
 * switched (see patch.c).
 */
struct suture_patch *suture_arming_patch;

void suture_core_set_result(struct suture_patch *patch, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(patch->result, sizeof(patch->result), fmt, ap);
	va_end(ap);
}

/**
 * suture_newest_enabled() - the top of the patch stack
 *
 * Return: the most recently registered enabled patch, or NULL.
 */
struct suture_patch *suture_newest_enabled(void)
{
	struct suture_patch *patch;

	list_for_each_entry_reverse(patch, &suture_patches, list)
		if (patch->enabled)
			return patch;
	return NULL;
}

/*
 * Build obj_list / func_list from the arrays the patch module gave us
 * (checked by suture_validate_patch() first).
 */
static void init_lists(struct suture_patch *patch)
{
	struct suture_object *obj;
	struct suture_func *func;

	INIT_LIST_HEAD(&patch->obj_list);
	suture_for_each_object(patch, obj) {
		obj->patch = patch;
		obj->dynamic = false;
		obj->mod = NULL;
		obj->loaded = obj->relocated = false;
		obj->pre_patch_ok = obj->patched = false;
		INIT_LIST_HEAD(&obj->func_list);
		list_add_tail(&obj->node, &patch->obj_list);
		suture_for_each_func(obj, func) {
			func->obj = obj;
			func->nop = false;
			func->patched = func->transition = false;
			func->old_addr = 0;
			list_add_tail(&func->node, &obj->func_list);
		}
	}
}

/* ---- replace: nop funcs for what older patches change and we do not ---- */

static struct suture_object *find_obj(struct suture_patch *patch,
				      const char *name)
{
	struct suture_object *obj;

	suture_for_each_obj(patch, obj) {
		if (!name && !obj->name)
			return obj;
		if (name && obj->name && !strcmp(name, obj->name))
			return obj;
	}
	return NULL;
}

static unsigned long norm_pos(unsigned long sympos)
{
	return sympos ? sympos : 1;
}

/* Does @obj already replace the function @old replaces? */
static bool obj_has_func(struct suture_object *obj, struct suture_func *old)
{
	struct suture_func *func;

	suture_for_each_fn(obj, func) {
		if (old->old_addr && func->old_addr == old->old_addr)
			return true;
		if (!strcmp(func->old_name, old->old_name) &&
		    norm_pos(func->old_sympos) == norm_pos(old->old_sympos))
			return true;
	}
	return false;
}

/*
 * A nop for @old: in the replace patch's transition it stands for "the
 * original", so that tasks already switched run the original code of a
 * function only older patches change.  Made for objects not loaded too:
 * if the module comes during the transition, the nop is applied with it.
 */
static int add_nop(struct suture_patch *patch, struct suture_func *old)
{
	struct suture_object *oobj = old->obj, *obj;
	struct suture_func *nop;

	obj = find_obj(patch, oobj->name);
	if (!obj) {
		obj = kzalloc(sizeof(*obj), GFP_KERNEL);
		if (!obj)
			return -ENOMEM;
		obj->name = oobj->name; /* lives as long as the old patch */
		obj->patch = patch;
		obj->dynamic = true;
		obj->mod = oobj->mod;
		obj->loaded = oobj->loaded;
		INIT_LIST_HEAD(&obj->func_list);
		list_add_tail(&obj->node, &patch->obj_list);
	}
	if (obj_has_func(obj, old))
		return 0;
	nop = kzalloc(sizeof(*nop), GFP_KERNEL);
	if (!nop)
		return -ENOMEM;
	nop->old_name = old->old_name;
	nop->old_sympos = old->old_sympos;
	nop->old_addr = obj->loaded ? old->old_addr : 0;
	nop->old_extent = obj->loaded ? old->old_extent : 0;
	nop->old_cold_addr = obj->loaded ? old->old_cold_addr : 0;
	nop->old_cold_extent = obj->loaded ? old->old_cold_extent : 0;
	nop->nop = true;
	nop->obj = obj;
	list_add_tail(&nop->node, &obj->func_list);
	return 0;
}

static int add_nops(struct suture_patch *patch)
{
	struct suture_patch *old;
	struct suture_object *obj;
	struct suture_func *func;
	int ret;

	list_for_each_entry(old, &suture_patches, list) {
		if (old == patch || !old->enabled)
			continue;
		suture_for_each_obj(old, obj) {
			suture_for_each_fn(obj, func) {
				if (obj->loaded && !func->patched)
					continue;
				ret = add_nop(patch, func);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

/* Drop every nop func and core-made object (they must be unpatched). */
static void free_nops(struct suture_patch *patch)
{
	struct suture_object *obj, *otmp;
	struct suture_func *func, *ftmp;

	suture_for_each_obj_safe(patch, obj, otmp) {
		suture_for_each_fn_safe(obj, func, ftmp) {
			if (!func->nop)
				continue;
			WARN_ON_ONCE(func->patched);
			list_del(&func->node);
			kfree(func);
		}
		if (obj->dynamic) {
			list_del(&obj->node);
			kfree(obj);
		}
	}
}

static void set_transition(struct suture_patch *patch, bool on)
{
	struct suture_object *obj;
	struct suture_func *func;

	suture_for_each_obj(patch, obj)
		suture_for_each_fn(obj, func)
			WRITE_ONCE(func->transition, on);
}

/* Undo a partly enabled patch (before the engine was started). */
static void enable_unwind(struct suture_patch *patch)
{
	struct suture_object *obj;

	suture_for_each_obj(patch, obj)
		suture_unpatch_object(obj, false);
	suture_sync_handlers();
	set_transition(patch, false);
	suture_for_each_obj(patch, obj)
		suture_cb_post_unpatch(obj);
	free_nops(patch);
	suture_for_each_obj(patch, obj) {
		suture_clear_relocs(obj);
		suture_unresolve_object(obj);
		obj->mod = NULL;
		obj->loaded = false;
	}
	/* addresses taken off their direct call for this patch */
	suture_direct_update();
}

static int enable_patch(struct suture_patch *patch)
{
	struct suture_object *obj;
	int ret;

	ret = suture_states_begin(patch);
	if (ret)
		return ret;
	ret = suture_resolve_vmlinux(patch);
	if (ret)
		goto unwind;
	suture_for_each_obj(patch, obj) {
		if (suture_obj_is_vmlinux(obj))
			continue;
		ret = suture_attach_loaded_module(obj);
		if (ret)
			goto unwind;
	}
	suture_for_each_obj(patch, obj) {
		if (!obj->loaded)
			continue;
		ret = suture_apply_relocs(obj);
		if (ret)
			goto unwind;
	}
	if (patch->replace) {
		ret = add_nops(patch);
		if (ret)
			goto unwind;
	}
	suture_for_each_obj(patch, obj) {
		if (!obj->loaded || obj->dynamic)
			continue;
		ret = suture_cb_pre_patch(obj);
		if (ret)
			goto unwind;
	}

	/* Push the funcs, not switched for any task until the engine runs. */
	WRITE_ONCE(suture_arming_patch, patch);
	set_transition(patch, true);
	smp_wmb();
	suture_for_each_obj(patch, obj) {
		if (!obj->loaded)
			continue;
		ret = suture_patch_object(obj);
		if (ret)
			goto unarm;
	}
	ret = suture_transition_prepare(patch, SUTURE_PATCHED);
	if (ret) {
		pr_err("%s: the consistency engine refused the transition (%d)\n",
		       patch->mod->name, ret);
		goto unarm;
	}
	/* From here on the patch's code may run: as klp, taint (for good). */
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	set_bit(TAINT_LIVEPATCH, &patch->mod->taints);
	pr_notice_once("tainting kernel with TAINT_LIVEPATCH\n");
	patch->enabled = true;
	smp_wmb();
	WRITE_ONCE(suture_arming_patch, NULL);
	suture_core_set_result(patch, "in transition");
	pr_notice("%s: enabling patch (%s model)\n", patch->mod->name,
		  patch->model == SUTURE_MODEL_STOP ? "stop" : "per-task");
	suture_transition_start();
	return 0;

unarm:
	enable_unwind(patch);
	WRITE_ONCE(suture_arming_patch, NULL);
	suture_states_end(patch);
	return ret;
unwind:
	enable_unwind(patch);
	suture_states_end(patch);
	return ret;
}

/**
 * suture_register_patch() - register and enable a live patch
 * @patch: the patch, owned by the calling module (@patch->mod)
 *
 * Resolves every symbol, applies the relocations, runs the pre-patch
 * callbacks, redirects the functions and starts the transition.  Returns
 * once the transition is started (sysfs "transition" and "result" tell when
 * it ends).  On error nothing has changed.
 *
 * Return: 0, -EBUSY when another transition is open, or the first error.
 */
int suture_register_patch(struct suture_patch *patch)
{
	int ret;

	if (!patch || !patch->mod || !patch->objs) {
		pr_err("suture_register_patch: patch, patch->mod and patch->objs are required\n");
		return -EINVAL;
	}
	ret = suture_validate_patch(patch);
	if (!ret)
		ret = suture_states_validate(patch);
	if (ret)
		return ret;
	if (patch->model == SUTURE_MODEL_DEFAULT)
		patch->model = SUTURE_MODEL_PER_TASK;
	if (patch->model != SUTURE_MODEL_PER_TASK &&
	    patch->model != SUTURE_MODEL_STOP) {
		pr_err("%s: unknown consistency model %d\n", patch->mod->name,
		       patch->model);
		return -EINVAL;
	}
	ret = suture_model_supported(patch->mod->name, patch->model);
	if (ret)
		return ret;
	if (patch->registered)
		return -EINVAL;
	if (!try_module_get(patch->mod))
		return -ENODEV;

	patch->enabled = false;
	patch->forced = false;
	patch->replaced_by = NULL;
	init_completion(&patch->finish);
	init_lists(patch);
	/* Before taking the lock: removing it again must not hold it. */
	ret = suture_sysfs_add_patch(patch);
	if (ret)
		goto out_put;

	mutex_lock(&suture_mutex);
	if (suture_transition_is_open()) {
		pr_err("%s: another patch is in transition; load this one when it has finished\n",
		       patch->mod->name);
		ret = -EBUSY;
		goto out_unlock;
	}
	list_add_tail(&patch->list, &suture_patches);
	ret = enable_patch(patch);
	if (ret) {
		list_del(&patch->list);
		goto out_unlock;
	}
	patch->registered = true;
	mutex_unlock(&suture_mutex);
	return 0;

out_unlock:
	mutex_unlock(&suture_mutex);
	suture_sysfs_del_patch(patch);
out_put:
	module_put(patch->mod);
	return ret;
}
EXPORT_SYMBOL_GPL(suture_register_patch);

/**
 * suture_unregister_patch() - forget a disabled patch
 * @patch: a registered patch whose module is going away
 *
 * Called from the patch module's exit.  The patch holds a reference on its
 * module while it is enabled, so it is normally disabled by then.
 * Return: 0, or -EBUSY (and the patch stays) if it is still enabled.
 */
int suture_unregister_patch(struct suture_patch *patch)
{
	mutex_lock(&suture_mutex);
	if (!patch->registered) {
		mutex_unlock(&suture_mutex);
		return -EINVAL;
	}
	if (patch->enabled || (suture_transition_is_open() &&
			       suture_transition_patch() == patch)) {
		pr_err("%s: cannot unregister an enabled patch; disable it first\n",
		       patch->mod->name);
		mutex_unlock(&suture_mutex);
		return -EBUSY;
	}
	list_del(&patch->list);
	patch->registered = false;
	free_nops(patch);
	mutex_unlock(&suture_mutex);

	suture_sysfs_del_patch(patch);
	return 0;
}
EXPORT_SYMBOL_GPL(suture_unregister_patch);

/**
 * suture_core_disable() - start unpatching (sysfs "enabled" <- 0)
 * @patch: a registered patch; suture_mutex held
 *
 * While this patch's own transition heads to PATCHED (its enable, or a
 * disable turned back) the transition is reversed instead.
 * Return: 0 or -EBUSY / -EINVAL with a logged reason.
 */
int suture_core_disable(struct suture_patch *patch)
{
	struct suture_object *obj;
	int ret;

	if (suture_transition_is_open()) {
		if (suture_transition_patch() != patch) {
			pr_err("%s: cannot disable: a transition is in progress\n",
			       patch->mod->name);
			return -EBUSY;
		}
		if (suture_transition_target() == SUTURE_UNPATCHED)
			return -EINVAL; /* already on its way */
		suture_transition_reverse();
		return 0;
	}
	if (!patch->enabled)
		return -EINVAL;
	if (suture_newest_enabled() != patch) {
		pr_err("%s: cannot disable: patch %s is stacked on it; disable %s first\n",
		       patch->mod->name, suture_newest_enabled()->mod->name,
		       suture_newest_enabled()->mod->name);
		return -EBUSY;
	}

	/* the handler chooses per task from here on */
	ret = suture_direct_leave_patch(patch);
	if (ret) {
		suture_direct_update();
		return ret;
	}
	ret = suture_transition_prepare(patch, SUTURE_UNPATCHED);
	if (ret) {
		suture_direct_update();
		return ret;
	}
	suture_for_each_obj(patch, obj)
		if (obj->patched)
			suture_cb_pre_unpatch(obj);
	set_transition(patch, true);
	smp_wmb();
	patch->enabled = false;
	suture_core_set_result(patch, "in transition");
	pr_notice("%s: disabling patch\n", patch->mod->name);
	suture_transition_start();
	return 0;
}

/**
 * suture_core_reenable() - sysfs "enabled" <- 1
 * @patch: a registered patch; suture_mutex held
 *
 * Only meaningful while the patch's own transition heads to UNPATCHED
 * (its disable, or its enable turned back by the user or by a timeout):
 * that transition is reversed.  Return: 0 when enabled or heading there,
 * -EINVAL for a patch that finished disabling (load its module again
 * instead).
 */
int suture_core_reenable(struct suture_patch *patch)
{
	if (suture_transition_is_open() && suture_transition_patch() == patch) {
		if (suture_transition_target() == SUTURE_UNPATCHED)
			suture_transition_reverse();
		return 0;
	}
	return patch->enabled ? 0 : -EINVAL;
}

/* A replace patch completed: every older enabled patch is now disabled. */
static void retire_replaced(struct suture_patch *patch)
{
	struct suture_patch *old;
	struct suture_object *obj;

	list_for_each_entry(old, &suture_patches, list) {
		if (old == patch || !old->enabled)
			continue;
		suture_for_each_obj(old, obj)
			suture_unpatch_object(obj, false);
	}
	suture_for_each_obj(patch, obj)
		suture_unpatch_object(obj, true);
	suture_sync_handlers();
	free_nops(patch);

	list_for_each_entry(old, &suture_patches, list) {
		if (old == patch || !old->enabled)
			continue;
		old->enabled = false;
		old->replaced_by = patch;
		/*
		 * As with the kernel's livepatch, a replaced patch's unpatch
		 * callbacks never run (not now, not when its module target
		 * unloads): the replacing patch owns the state (shadow
		 * variables) from here on.
		 */
		suture_for_each_obj(old, obj)
			obj->pre_patch_ok = false;
		suture_core_set_result(old, "replaced by %s", patch->mod->name);
		pr_notice("%s: replaced by %s\n", old->mod->name,
			  patch->mod->name);
		/* forced: tasks may still run its code, keep it forever */
		if (!old->forced)
			module_put(old->mod);
	}
}

void suture_core_transition_finish(struct suture_patch *patch, int final,
				   int err, const char *reason)
{
	struct suture_object *obj;

	lockdep_assert_held(&suture_mutex);

	if (final == SUTURE_PATCHED) {
		set_transition(patch, false);
		if (patch->replace)
			retire_replaced(patch);
		patch->enabled = true;
		suture_for_each_obj(patch, obj)
			if (obj->patched && !obj->dynamic)
				suture_cb_post_patch(obj);
		if (err)
			suture_core_set_result(patch, "disable failed: %s",
					       reason ? reason : "reversed");
		else
			suture_core_set_result(patch, "ok");
		pr_notice("%s: patch enabled\n", patch->mod->name);
		suture_states_end(patch);
		suture_direct_update();
		return;
	}

	/* final == UNPATCHED: as if the patch had never been enabled */
	suture_for_each_obj(patch, obj)
		suture_unpatch_object(obj, false);
	suture_sync_handlers();
	set_transition(patch, false);
	suture_for_each_obj(patch, obj)
		if (!obj->dynamic)
			suture_cb_post_unpatch(obj);
	free_nops(patch);
	patch->enabled = false;
	if (err) {
		suture_core_set_result(patch, "enable failed: %s",
				       reason ? reason : "reversed");
		pr_notice("%s: patch not applied: %s\n", patch->mod->name,
			  reason ? reason : "reversed");
	} else {
		suture_core_set_result(patch, "ok");
		pr_notice("%s: patch disabled\n", patch->mod->name);
	}
	/*
	 * After a forced transition tasks may still run this module's code
	 * (or, for a replace, an older patch's): its reference is kept
	 * until reboot, the module cannot be removed.
	 */
	suture_states_end(patch);
	suture_direct_update();
	if (patch->forced)
		pr_notice("%s: was forced: its module stays loaded\n",
			  patch->mod->name);
	else
		module_put(patch->mod);
}

/*
 * A range and, when there is one, its cold part.  Resolution refuses a
 * function any of whose sizes is unknown (0), so none is empty here.
 */
static int check_range_pair(int (*fn)(unsigned long start, unsigned long end,
				      struct suture_func *func, void *data),
			    struct suture_func *func, void *data,
			    unsigned long start, unsigned long size,
			    unsigned long cold, unsigned long cold_size)
{
	int ret = fn(start, start + size, func, data);

	if (ret || !cold)
		return ret;
	return fn(cold, cold + cold_size, func, data);
}

int suture_for_each_check_range(struct suture_patch *patch, int target,
				int (*fn)(unsigned long start,
					  unsigned long end,
					  struct suture_func *func, void *data),
				void *data)
{
	struct suture_object *obj;
	struct suture_func *func, *below;
	unsigned long start, size, cold, cold_size;
	int ret;

	suture_for_each_obj(patch, obj) {
		suture_for_each_fn(obj, func) {
			if (!func->transition || !func->patched)
				continue;
			/* the version the transition leaves, cold part too */
			below = target == SUTURE_PATCHED ?
					suture_func_below(func) :
					func;
			if (below && !below->nop) {
				start = (unsigned long)below->new_func;
				size = below->new_size;
				cold = below->new_cold_addr;
				cold_size = below->new_cold_extent;
			} else {
				start = func->old_addr;
				size = func->old_extent;
				cold = func->old_cold_addr;
				cold_size = func->old_cold_extent;
			}
			ret = check_range_pair(fn, func, data, start, size,
					       cold, cold_size);
			if (ret)
				return ret;
			/*
			 * The original too, whatever the direction: a task
			 * interrupted in the ftrace trampoline after the handler
			 * chose a version, before jumping to it, shows only
			 * old_addr + 5 (and the trampoline) on its stack.
			 * Switching it there would let it enter the version
			 * it is leaving with the state of the other one.
			 */
			if (start != func->old_addr) {
				ret = check_range_pair(fn, func, data,
						       func->old_addr,
						       func->old_extent,
						       func->old_cold_addr,
						       func->old_cold_extent);
				if (ret)
					return ret;
			}
		}
	}
	/*
	 * The direct-call trampolines, whole: a task preempted in one is
	 * about to enter the new function its slot jumps to (possibly the
	 * version this transition leaves) without a frame of it on its
	 * stack yet.  Reported with the first func of the transition.
	 */
	suture_for_each_obj(patch, obj) {
		suture_for_each_fn(obj, func) {
			if (!func->transition || !func->patched)
				continue;
			suture_direct_pool(&start, &cold);
			return fn(start, cold, func, data);
		}
	}
	return 0;
}

static int __init suture_init(void)
{
	int ret;

	ret = suture_ksyms_init();
	if (ret)
		return ret;
	suture_direct_init();
	ret = suture_cons_init();
	if (ret)
		return ret;
	ret = suture_sysfs_init();
	if (ret)
		goto cons;
	ret = suture_module_init();
	if (ret)
		goto sysfs;
	return 0;
sysfs:
	suture_sysfs_exit();
cons:
	suture_cons_exit();
	return ret;
}

static void __exit suture_exit(void)
{
	suture_module_exit();
	suture_sysfs_exit();
	suture_cons_exit();
	suture_shadow_exit();
	suture_patch_exit();
	suture_direct_exit();
}

module_init(suture_init);
module_exit(suture_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture live-patching core");
