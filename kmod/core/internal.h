/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - shared between the files of suture.ko (kmod/core and
 * consistency/).  The part the consistency engine uses is specified in
 * doc/internals.md; keep both in step.
 */
#ifndef _SUTURE_INTERNAL_H
#define _SUTURE_INTERNAL_H

#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/sched.h>
#include "suture.h"
#include "suture-abi.h" /* SUTURE_ABI_RELOC_RUNTIME_* */

#define SUTURE_UNPATCHED 0
#define SUTURE_PATCHED 1

#include "consistency.h"

/* core.c */
extern struct mutex suture_mutex;
extern struct list_head suture_patches;
extern struct suture_patch *suture_arming_patch;

/**
 * suture_for_each_check_range() - code no task may be running for a switch
 * @patch:  the patch in transition
 * @target: SUTURE_PATCHED or SUTURE_UNPATCHED
 * @fn:     called for each range [start, end) with the func it belongs to
 * @data:   passed to @fn
 *
 * Target PATCHED: for each func of @patch in transition, the version live
 * underneath it (the next older patch's new function, or the original).
 * Target UNPATCHED: each func's new function (for a nop, the original).
 * Called with suture_mutex held.  Returns the first non-zero return of @fn.
 */
int suture_for_each_check_range(struct suture_patch *patch, int target,
				int (*fn)(unsigned long start,
					  unsigned long end,
					  struct suture_func *func, void *data),
				void *data);

/**
 * suture_core_transition_finish() - the engine closed a transition
 * @patch:  the patch of the transition
 * @final:  the state every task is in now: the transition's current
 *          target (after any reversals), not the one it began with
 * @err:    0, or -ETIMEDOUT when @final is where the transition began
 *          because the engine turned it back on timeout
 * @reason: why it failed (for sysfs "result"), or NULL
 *
 * Called with suture_mutex held, after the engine's synchronisation.
 */
void suture_core_transition_finish(struct suture_patch *patch, int final,
				   int err, const char *reason);

void suture_core_set_result(struct suture_patch *patch, const char *fmt, ...)
	__printf(2, 3);
struct suture_patch *suture_newest_enabled(void);
int suture_core_disable(struct suture_patch *patch);
int suture_core_reenable(struct suture_patch *patch);

#define suture_for_each_obj(patch, obj) \
	list_for_each_entry(obj, &(patch)->obj_list, node)
#define suture_for_each_obj_safe(patch, obj, tmp) \
	list_for_each_entry_safe(obj, tmp, &(patch)->obj_list, node)
#define suture_for_each_fn(obj, func) \
	list_for_each_entry(func, &(obj)->func_list, node)
#define suture_for_each_fn_safe(obj, func, tmp) \
	list_for_each_entry_safe(func, tmp, &(obj)->func_list, node)

static inline const char *suture_obj_name(struct suture_object *obj)
{
	return obj->name ? obj->name : "vmlinux";
}

static inline bool suture_obj_is_vmlinux(struct suture_object *obj)
{
	return !obj->name;
}

/* ksyms.c */
void *suture_ksym(const char *name);
int suture_ksyms_init(void);
unsigned long suture_sym_extent(unsigned long addr);

/* resolve.c */
int suture_resolve_object(struct suture_object *obj);
int suture_resolve_vmlinux(struct suture_patch *patch);
void suture_unresolve_object(struct suture_object *obj);

/* validate.c */
int suture_validate_patch(struct suture_patch *patch);

/* reloc.c */
size_t suture_reloc_len(unsigned int type);
int suture_apply_relocs(struct suture_object *obj);
void suture_clear_relocs(struct suture_object *obj);

/* patch.c: ftrace redirection and the per-address func stacks */
int suture_patch_func(struct suture_func *func);
void suture_unpatch_func(struct suture_func *func);
struct suture_func *suture_func_below(struct suture_func *func);
int suture_patch_object(struct suture_object *obj);
void suture_unpatch_object(struct suture_object *obj, bool nops_only);
void suture_sync_handlers(void);
void suture_patch_exit(void);
unsigned long suture_fentry_site(unsigned long addr);
void suture_direct_update(void);
int suture_direct_leave_patch(struct suture_patch *patch);
ssize_t suture_func_mode(struct suture_func *func, char *buf);

/* direct.c: direct calls once no transition involves a function */
int suture_direct_init(void);
void suture_direct_exit(void);
void suture_direct_reap(void);
void suture_direct_reap_async(void);
bool suture_direct_drained(void);
void suture_direct_pool(unsigned long *start, unsigned long *end);

/* callbacks.c */
int suture_cb_pre_patch(struct suture_object *obj);
void suture_cb_post_patch(struct suture_object *obj);
void suture_cb_pre_unpatch(struct suture_object *obj);
void suture_cb_post_unpatch(struct suture_object *obj);

/* module.c */
int suture_module_init(void);
void suture_module_exit(void);
struct module *suture_find_module_get(const char *name);
int suture_attach_loaded_module(struct suture_object *obj);

/* sysfs.c */
int suture_sysfs_init(void);
void suture_sysfs_exit(void);
int suture_sysfs_add_patch(struct suture_patch *patch);
void suture_sysfs_del_patch(struct suture_patch *patch);

/* state.c */
int suture_states_validate(struct suture_patch *patch);
int suture_states_begin(struct suture_patch *patch);
void suture_states_end(struct suture_patch *patch);

/* shadow.c */
void suture_shadow_exit(void);

#endif /* _SUTURE_INTERNAL_H */
