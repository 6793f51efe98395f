// SPDX-License-Identifier: GPL-2.0
/*
 * klp-glue.c - linked into every patch module `livepatch-build --format klp`
 * generates, instead of glue.c: the module is a patch for the kernel's own
 * livepatch core (/sys/kernel/livepatch), not for suture.ko.
 *
 * At init, walks the same .suture.* records (kmod/patch/suture-abi.h,
 * gathered by patch.lds) and builds a struct klp_patch: one klp_object per
 * target object named by a function, reloc or callback record (vmlinux =
 * NULL), one klp_func per function record (old_name, old_sympos, new_func),
 * the KPATCH_* callbacks as klp_callbacks of their object, and
 * klp_patch.replace from --replace, klp_patch.states from the SUTURE_STATE()
 * records (suture-state.h).  The references the loader cannot
 * resolve are not read here: create-klp-module turned them into
 * .klp.rela.OBJ.SECNAME sections after the link, and the kernel applies
 * them (vmlinux ones at load, a module's ones when that module is patched).
 *
 * A KPATCH_* callback receives a patch_object (struct suture_object, see
 * kpatch-macros.h) of which only ->name is filled: the object's name, NULL
 * for vmlinux.
 *
 * livepatch-build defines SUTURE_PATCH_REPLACE (0/1), SUTURE_RELEASE and
 * SUTURE_BUILD.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/build_bug.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "suture.h"
#include "suture-abi.h"
#include "glue-records.h"

static struct klp_patch patch = { .replace = SUTURE_PATCH_REPLACE };

/*
 * /sys/module/NAME/parameters/replace (Y/N): whether this patch is a
 * cumulative one.  The livepatch sysfs of kernels before 6.x (Debian's
 * 6.1) has no replace attribute, so `livepatch list/info` read it here.
 * Fixed at build: setting it at insmod is refused.
 */
static int replace_set(const char *val, const struct kernel_param *kp)
{
	pr_err("replace is fixed at build (livepatch-build --replace)\n");
	return -EPERM;
}

static const struct kernel_param_ops replace_ops = {
	.set = replace_set,
	.get = param_get_bool,
};
module_param_cb(replace, &replace_ops, &patch.replace, 0444);
MODULE_PARM_DESC(replace, "a cumulative patch (--replace), read-only");
/* what a KPATCH_* callback receives, per object (index as in objs) */
static struct suture_object *shims;
static int nr_objs;

static int object_index(struct klp_object *objs, int *nr, __u64 objname)
{
	int i;

	for (i = 0; i < *nr; i++)
		if (same_obj(objs[i].name, str(objname)))
			return i;
	objs[i].name = str(objname);
	(*nr)++;
	return i;
}

/* the records' callback of @type for @obj, NULL if none */
static void *find_callback(struct klp_object *obj, __u32 type)
{
	struct suture_abi_callback *cb;

	for (cb = __suture_callbacks_start; cb < __suture_callbacks_end; cb++)
		if (cb->type == type && same_obj(str(cb->objname), obj->name))
			return (void *)(unsigned long)cb->fn;
	return NULL;
}

static struct suture_object *shim(struct klp_object *obj)
{
	return &shims[obj - patch.objs];
}

/* run the KPATCH_* callback of @type for @obj, if the patch has one */
static int run_callback(struct klp_object *obj, __u32 type)
{
	void *fn = find_callback(obj, type);

	if (!fn)
		return 0;
	if (type == SUTURE_ABI_PRE_PATCH)
		return ((int (*)(struct suture_object *))fn)(shim(obj));
	((void (*)(struct suture_object *))fn)(shim(obj));
	return 0;
}

/* the .suture.funcs record of @f (its new function is unique) */
static struct suture_abi_func *func_record(struct klp_func *f)
{
	struct suture_abi_func *a;

	for (a = __suture_funcs_start; a < __suture_funcs_end; a++)
		if ((void *)(unsigned long)a->new_func == f->new_func)
			return a;
	return NULL;
}

/*
 * The size check suture.ko makes (suture_abi_size_matches()), for every
 * object of the patch that is loaded.  The kernel's livepatch has found
 * each function (old_func) and its kallsyms extent (old_size) before it
 * runs an object's pre-patch callback: at klp_enable_patch() for vmlinux
 * and the modules loaded then, in klp_module_coming() for a module loaded
 * later.  A mismatch there makes the kernel refuse that module's load;
 * here, the patch's.  Nothing is patched yet either way.
 */
static int check_sizes(void)
{
	struct klp_object *obj;
	struct klp_func *f;

	for (obj = patch.objs; obj && obj->funcs; obj++) {
		if (obj->name && !obj->mod)
			continue; /* not loaded: checked when it loads */
		for (f = obj->funcs; f->old_name; f++) {
			struct suture_abi_func *a = func_record(f);

			if (!a || !a->old_size || !f->old_func ||
			    suture_abi_size_matches((unsigned long)f->old_func,
						    a->old_size, f->old_size))
				continue;
			pr_err("size mismatch for %s,%lu in %s: the patch was "
			       "built for a function of %llu bytes, the "
			       "running one spans %lu (refused; rebuild the "
			       "patch against this kernel and its modules)\n",
			       f->old_name, f->old_sympos,
			       obj->name ?: "vmlinux", a->old_size,
			       f->old_size);
			return -EINVAL;
		}
	}
	return 0;
}

static int klp_pre_patch(struct klp_object *obj)
{
	int ret = check_sizes();

	return ret ?: run_callback(obj, SUTURE_ABI_PRE_PATCH);
}

static void klp_post_patch(struct klp_object *obj)
{
	run_callback(obj, SUTURE_ABI_POST_PATCH);
}

static void klp_pre_unpatch(struct klp_object *obj)
{
	run_callback(obj, SUTURE_ABI_PRE_UNPATCH);
}

static void klp_post_unpatch(struct klp_object *obj)
{
	run_callback(obj, SUTURE_ABI_POST_UNPATCH);
}

static int check_callbacks(struct klp_object *objs)
{
	struct suture_abi_callback *a, *b;

	for (a = __suture_callbacks_start; a < __suture_callbacks_end; a++) {
		if (a->type < SUTURE_ABI_PRE_PATCH ||
		    a->type > SUTURE_ABI_POST_UNPATCH) {
			pr_err("unknown callback type %u\n", a->type);
			return -EINVAL;
		}
		for (b = __suture_callbacks_start; b < a; b++)
			if (b->type == a->type &&
			    same_obj(str(a->objname), str(b->objname))) {
				pr_err("two callbacks of type %u for %s\n",
				       a->type, str(a->objname) ?: "vmlinux");
				return -EINVAL;
			}
	}
	return 0;
}

static void free_objects(void)
{
	int o;

	for (o = 0; patch.objs && o < nr_objs; o++)
		kfree(patch.objs[o].funcs);
	kfree(patch.objs);
	kfree(shims);
	patch.objs = NULL;
	shims = NULL;
}

static int build_objects(void)
{
	int nr_funcs = __suture_funcs_end - __suture_funcs_start;
	int nr_relocs = __suture_relocs_end - __suture_relocs_start;
	int nr_cbs = __suture_callbacks_end - __suture_callbacks_start;
	int max = nr_funcs + nr_relocs + nr_cbs, i, o;
	struct klp_object *objs;
	int *nf;

	objs = kcalloc(max + 1, sizeof(*objs), GFP_KERNEL);
	shims = kcalloc(max + 1, sizeof(*shims), GFP_KERNEL);
	nf = kcalloc(max + 1, sizeof(int), GFP_KERNEL);
	patch.objs = objs;
	nr_objs = 0;
	if (!objs || !shims || !nf)
		goto nomem;
	for (i = 0; i < nr_funcs; i++)
		nf[object_index(objs, &nr_objs,
				__suture_funcs_start[i].objname)]++;
	/* an object with only relocations: the kernel applies its
	 * .klp.rela sections only for objects the patch declares */
	for (i = 0; i < nr_relocs; i++)
		object_index(objs, &nr_objs, __suture_relocs_start[i].objname);
	for (i = 0; i < nr_cbs; i++)
		object_index(objs, &nr_objs,
			     __suture_callbacks_start[i].objname);
	for (o = 0; o < nr_objs; o++) {
		/* klp wants a func array (terminated) in every object */
		objs[o].funcs =
			kcalloc(nf[o] + 1, sizeof(*objs[o].funcs), GFP_KERNEL);
		if (!objs[o].funcs)
			goto nomem;
		objs[o].callbacks.pre_patch = klp_pre_patch;
		objs[o].callbacks.post_patch = klp_post_patch;
		objs[o].callbacks.pre_unpatch = klp_pre_unpatch;
		objs[o].callbacks.post_unpatch = klp_post_unpatch;
		shims[o].name = objs[o].name;
		nf[o] = 0;
	}
	for (i = 0; i < nr_funcs; i++) {
		struct suture_abi_func *a = &__suture_funcs_start[i];
		struct klp_func *f;

		o = object_index(objs, &nr_objs, a->objname);
		f = &objs[o].funcs[nf[o]++];
		f->old_name = str(a->name);
		f->old_sympos = a->sympos;
		f->new_func = (void *)(unsigned long)a->new_func;
	}
	kfree(nf);
	return check_callbacks(objs);
nomem:
	kfree(nf);
	return -ENOMEM;
}

/* struct suture_state (suture-state.h) is struct klp_state's layout */
static_assert(sizeof(struct suture_state) == sizeof(struct klp_state));
static_assert(offsetof(struct suture_state, id) ==
	      offsetof(struct klp_state, id));
static_assert(offsetof(struct suture_state, version) ==
	      offsetof(struct klp_state, version));
static_assert(offsetof(struct suture_state, data) ==
	      offsetof(struct klp_state, data));

/* klp_patch.states from the .suture.states records of every unit */
static int build_states(void)
{
	struct suture_state *st;
	int ret = glue_states(&st);

	patch.states = (struct klp_state *)st;
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
	return (struct suture_state *)klp_get_state(&patch, id);
}

/**
 * suture_state_prev() - state @id of the patches being replaced
 * @id: the id given to SUTURE_STATE()
 *
 * Return: their state, or NULL (none, or no transition in progress).
 */
struct suture_state *suture_state_prev(unsigned long id)
{
	return (struct suture_state *)klp_get_prev_state(id);
}

static int __init suture_klp_init(void)
{
	int ret;

	patch.mod = THIS_MODULE;
	ret = build_objects();
	if (!ret)
		ret = build_states();
	if (!ret)
		ret = klp_enable_patch(&patch);
	if (ret) {
		free_objects();
		kfree(patch.states);
	}
	return ret;
}

static void __exit suture_klp_exit(void)
{
	free_objects();
	kfree(patch.states);
}

module_init(suture_klp_init);
module_exit(suture_klp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture live patch (kernel livepatch format)");
MODULE_INFO(livepatch, "Y");
MODULE_INFO(suture_release, SUTURE_RELEASE);
MODULE_INFO(suture_build, SUTURE_BUILD);
MODULE_INFO(suture_format, "klp");
#ifdef SUTURE_UPDATE_TO
/* livepatch-build --update-to: the Debian builds it takes the kernel from/to */
MODULE_INFO(suture_update_from, SUTURE_UPDATE_FROM);
MODULE_INFO(suture_update_to, SUTURE_UPDATE_TO);
#endif
