// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - /sys/kernel/suture/, see doc/ABI/sysfs-kernel-suture.
 *
 *   /sys/kernel/suture/stack                      enabled patches, oldest first
 *   /sys/kernel/suture/<patch>/{enabled,transition,model,replace,timeout,
 *                               pending,blocking,force,forced,result}
 *   /sys/kernel/suture/<patch>/<object>/loaded
 *   /sys/kernel/suture/<patch>/<object>/<func>,<sympos>/patched
 *
 * The kobjects are embedded in the patch module's structures; unregistering
 * waits until the patch kobject (and so every child) is released.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/module.h>
#include "internal.h"

static struct kobject *suture_root;

#define to_patch(k) container_of(k, struct suture_patch, kobj)
#define to_obj(k) container_of(k, struct suture_object, kobj)
#define to_func(k) container_of(k, struct suture_func, kobj)

static bool patch_in_transition(struct suture_patch *patch)
{
	return suture_transition_is_open() &&
	       suture_transition_patch() == patch;
}

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->enabled);
}

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *a,
			     const char *buf, size_t count)
{
	struct suture_patch *patch = to_patch(kobj);
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	mutex_lock(&suture_mutex);
	if (!patch->registered)
		ret = -EINVAL;
	else if (val)
		ret = suture_core_reenable(patch);
	else
		ret = suture_core_disable(patch);
	mutex_unlock(&suture_mutex);
	return ret ? ret : count;
}

static ssize_t transition_show(struct kobject *kobj, struct kobj_attribute *a,
			       char *buf)
{
	int val;

	mutex_lock(&suture_mutex);
	val = patch_in_transition(to_patch(kobj));
	mutex_unlock(&suture_mutex);
	return sysfs_emit(buf, "%d\n", val);
}

static ssize_t model_show(struct kobject *kobj, struct kobj_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  to_patch(kobj)->model == SUTURE_MODEL_STOP ?
				  "stop" :
				  "per-task");
}

static ssize_t replace_show(struct kobject *kobj, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->replace);
}

static ssize_t timeout_show(struct kobject *kobj, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_patch(kobj)->timeout);
}

static ssize_t timeout_store(struct kobject *kobj, struct kobj_attribute *a,
			     const char *buf, size_t count)
{
	unsigned int val;
	int ret;

	ret = kstrtouint(buf, 0, &val);
	if (ret)
		return ret;
	WRITE_ONCE(to_patch(kobj)->timeout, val);
	return count;
}

static ssize_t pending_show(struct kobject *kobj, struct kobj_attribute *a,
			    char *buf)
{
	struct suture_patch *patch = to_patch(kobj);
	ssize_t ret;

	mutex_lock(&suture_mutex);
	if (patch_in_transition(patch))
		ret = suture_transition_pending_show(patch, buf);
	else
		ret = sysfs_emit(buf, "0\n");
	mutex_unlock(&suture_mutex);
	return ret;
}

static ssize_t blocking_show(struct kobject *kobj, struct kobj_attribute *a,
			     char *buf)
{
	struct suture_patch *patch = to_patch(kobj);
	ssize_t ret;

	mutex_lock(&suture_mutex);
	ret = suture_transition_blocking_show(patch, buf);
	mutex_unlock(&suture_mutex);
	return ret;
}

static ssize_t force_store(struct kobject *kobj, struct kobj_attribute *a,
			   const char *buf, size_t count)
{
	struct suture_patch *patch = to_patch(kobj);
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	if (!val)
		return count;
	mutex_lock(&suture_mutex);
	if (!patch_in_transition(patch)) {
		ret = -EINVAL;
	} else {
		ret = suture_transition_force();
	}
	mutex_unlock(&suture_mutex);
	return ret ? ret : count;
}

static ssize_t forced_show(struct kobject *kobj, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->forced);
}

static ssize_t result_show(struct kobject *kobj, struct kobj_attribute *a,
			   char *buf)
{
	struct suture_patch *patch = to_patch(kobj);
	ssize_t ret;

	mutex_lock(&suture_mutex);
	ret = sysfs_emit(buf, "%s\n", patch->result);
	mutex_unlock(&suture_mutex);
	return ret;
}

static struct kobj_attribute enabled_attr = __ATTR_RW(enabled);
static struct kobj_attribute transition_attr = __ATTR_RO(transition);
static struct kobj_attribute model_attr = __ATTR_RO(model);
static struct kobj_attribute replace_attr = __ATTR_RO(replace);
static struct kobj_attribute timeout_attr = __ATTR_RW(timeout);
static struct kobj_attribute pending_attr = __ATTR_RO(pending);
/*
 * blocking and result name other users' tasks and where their kernel
 * stacks are ("PID COMM sym+off"): readable by root only, like
 * /proc/PID/stack.
 */
static struct kobj_attribute blocking_attr =
	__ATTR(blocking, 0400, blocking_show, NULL);
static struct kobj_attribute force_attr = __ATTR_WO(force);
static struct kobj_attribute forced_attr = __ATTR_RO(forced);
static struct kobj_attribute result_attr =
	__ATTR(result, 0400, result_show, NULL);

static struct attribute *patch_attrs[] = { &enabled_attr.attr,
					   &transition_attr.attr,
					   &model_attr.attr,
					   &replace_attr.attr,
					   &timeout_attr.attr,
					   &pending_attr.attr,
					   &blocking_attr.attr,
					   &force_attr.attr,
					   &forced_attr.attr,
					   &result_attr.attr,
					   NULL };
ATTRIBUTE_GROUPS(patch);

static ssize_t loaded_show(struct kobject *kobj, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", to_obj(kobj)->loaded);
}

static struct kobj_attribute loaded_attr = __ATTR_RO(loaded);
static struct attribute *obj_attrs[] = { &loaded_attr.attr, NULL };
ATTRIBUTE_GROUPS(obj);

static ssize_t patched_show(struct kobject *kobj, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_func(kobj)->patched);
}

static ssize_t mode_show(struct kobject *kobj, struct kobj_attribute *a,
			 char *buf)
{
	return suture_func_mode(to_func(kobj), buf);
}

static struct kobj_attribute patched_attr = __ATTR_RO(patched);
static struct kobj_attribute mode_attr = __ATTR_RO(mode);
static struct attribute *func_attrs[] = { &patched_attr.attr, &mode_attr.attr,
					  NULL };
ATTRIBUTE_GROUPS(func);

static void patch_release(struct kobject *kobj)
{
	complete(&to_patch(kobj)->finish);
}

/* Objects and funcs live in the patch module: nothing to free. */
static void noop_release(struct kobject *kobj)
{
}

static struct kobj_type patch_ktype = {
	.release = patch_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = patch_groups,
};

static struct kobj_type obj_ktype = {
	.release = noop_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = obj_groups,
};

static struct kobj_type func_ktype = {
	.release = noop_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = func_groups,
};

/*
 * stack: one line per enabled patch, of any length (a page holds only ~70
 * names of 55 characters): a binary attribute, so that reads at any
 * offset are served, each from the list as it is at that read.
 */
static ssize_t stack_read(struct file *file, struct kobject *kobj,
			  struct bin_attribute *attr, char *buf, loff_t off,
			  size_t count)
{
	struct suture_patch *patch;
	loff_t pos = 0;
	size_t done = 0;

	mutex_lock(&suture_mutex);
	list_for_each_entry(patch, &suture_patches, list) {
		const char *name = patch->mod->name;
		size_t len = strlen(name) + 1, skip, n;

		if (!patch->enabled)
			continue;
		if (pos + (loff_t)len <= off) {
			pos += len;
			continue;
		}
		skip = off > pos ? off - pos : 0;
		n = min(len - skip, count - done);
		if (skip + n == len) {
			memcpy(buf + done, name + skip, n - 1);
			buf[done + n - 1] = '\n';
		} else {
			memcpy(buf + done, name + skip, n);
		}
		done += n;
		pos += len;
		if (done == count)
			break;
	}
	mutex_unlock(&suture_mutex);
	return done;
}

static struct bin_attribute stack_attr =
	__BIN_ATTR(stack, 0444, stack_read, NULL, 0);

/**
 * suture_sysfs_del_patch() - remove a patch's directory and wait for it
 * @patch: the patch; suture_mutex must NOT be held (sysfs writers take it)
 */
void suture_sysfs_del_patch(struct suture_patch *patch)
{
	struct suture_object *obj;
	struct suture_func *func;

	if (!patch->kobj_added)
		return;
	suture_for_each_obj(patch, obj) {
		suture_for_each_fn(obj, func) {
			if (func->kobj_added) {
				kobject_put(&func->kobj);
				func->kobj_added = false;
			}
		}
		if (obj->kobj_added) {
			kobject_put(&obj->kobj);
			obj->kobj_added = false;
		}
	}
	patch->kobj_added = false;
	kobject_put(&patch->kobj);
	wait_for_completion(&patch->finish);
}

/**
 * suture_sysfs_add_patch() - create /sys/kernel/suture/<patch>/...
 * @patch: a patch with its lists built
 *
 * Return: 0 or an error; on error nothing is left in sysfs.
 */
int suture_sysfs_add_patch(struct suture_patch *patch)
{
	struct suture_object *obj;
	struct suture_func *func;
	int ret;

	memset(&patch->kobj, 0, sizeof(patch->kobj));
	ret = kobject_init_and_add(&patch->kobj, &patch_ktype, suture_root,
				   "%s", patch->mod->name);
	patch->kobj_added = true;
	if (ret)
		goto err;

	suture_for_each_obj(patch, obj) {
		memset(&obj->kobj, 0, sizeof(obj->kobj));
		ret = kobject_init_and_add(&obj->kobj, &obj_ktype, &patch->kobj,
					   "%s", suture_obj_name(obj));
		obj->kobj_added = true;
		if (ret)
			goto err;
		suture_for_each_fn(obj, func) {
			memset(&func->kobj, 0, sizeof(func->kobj));
			ret = kobject_init_and_add(
				&func->kobj, &func_ktype, &obj->kobj, "%s,%lu",
				func->old_name,
				func->old_sympos ? func->old_sympos : 1);
			func->kobj_added = true;
			if (ret)
				goto err;
		}
	}
	return 0;
err:
	pr_err("%s: cannot create its sysfs directory (%d)\n", patch->mod->name,
	       ret);
	suture_sysfs_del_patch(patch);
	return ret;
}

int suture_sysfs_init(void)
{
	int ret;

	suture_root = kobject_create_and_add("suture", kernel_kobj);
	if (!suture_root)
		return -ENOMEM;
	ret = sysfs_create_bin_file(suture_root, &stack_attr);
	if (ret) {
		kobject_put(suture_root);
		return ret;
	}
	return 0;
}

void suture_sysfs_exit(void)
{
	kobject_put(suture_root);
}
