/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch-macros.h - kpatch-compatible helpers for patch authors, on
 * Suture's ABI.  A patch adds `#include "kpatch-macros.h"` to the file it
 * changes (livepatch-build puts kmod/patch on the include path of the
 * patched compile only).
 *
 *   KPATCH_PRE_PATCH_CALLBACK(fn)     int fn(patch_object *obj): before the
 *                                     object is patched; non-zero refuses
 *   KPATCH_POST_PATCH_CALLBACK(fn)    void fn(patch_object *obj)
 *   KPATCH_PRE_UNPATCH_CALLBACK(fn)   void fn(patch_object *obj)
 *   KPATCH_POST_UNPATCH_CALLBACK(fn)  void fn(patch_object *obj)
 *   KPATCH_PRINTK(fmt, ...)           printk once per call site
 *
 * Directives to create-diff-object (kpatch-build/differ/cdo-kpatch.c; they only
 * reach the differ, nothing of them is in the patch module):
 *   KPATCH_IGNORE_SECTION("name")     changes in that section of this unit
 *                                     are ignored (e.g. ".init.text")
 *   KPATCH_IGNORE_FUNCTION(fn)        fn's change is ignored: the kernel
 *                                     keeps its code (fn's address is
 *                                     taken: declare it before the macro)
 *   KPATCH_IGNORE_STATIC("name")      the static local variable "name" of
 *                                     this unit is a new, separate copy in
 *                                     the patch (fresh value), not the
 *                                     kernel's
 *   KPATCH_FORCE_UNSAFE(fn)           refused at build time (kpatch skips
 *                                     the stack check for fn; Suture has
 *                                     no such bypass)
 *
 * A callback belongs to the object (vmlinux or module) the changed file is
 * part of.  Shadow variables: the kernel's klp_shadow_*() or Suture's
 * suture_shadow_*() (suture.h).
 */
#ifndef _SUTURE_KPATCH_MACROS_H
#define _SUTURE_KPATCH_MACROS_H

#include <linux/compiler.h>
#include <linux/printk.h>
#include "suture.h"
#include "suture-abi.h"

typedef struct suture_object patch_object;

#define __SUTURE_CALLBACK(_type, _fn, _ctype)                                 \
	static __typeof__(_ctype) __suture_cb_check_##_fn __maybe_unused =    \
		_fn;                                                          \
	static struct suture_abi_callback __suture_cb_##_fn __used __section( \
		SUTURE_ABI_CALLBACKS_SECTION) __aligned(8) = {                \
		.fn = (__u64)(unsigned long)_fn,                              \
		.type = _type,                                                \
	}

#define KPATCH_PRE_PATCH_CALLBACK(_fn) \
	__SUTURE_CALLBACK(SUTURE_ABI_PRE_PATCH, _fn, int (*)(patch_object *))
#define KPATCH_POST_PATCH_CALLBACK(_fn) \
	__SUTURE_CALLBACK(SUTURE_ABI_POST_PATCH, _fn, void (*)(patch_object *))
#define KPATCH_PRE_UNPATCH_CALLBACK(_fn) \
	__SUTURE_CALLBACK(SUTURE_ABI_PRE_UNPATCH, _fn, void (*)(patch_object *))
#define KPATCH_POST_UNPATCH_CALLBACK(_fn)               \
	__SUTURE_CALLBACK(SUTURE_ABI_POST_UNPATCH, _fn, \
			  void (*)(patch_object *))

#define KPATCH_IGNORE_SECTION(_sec)                            \
	static const char *__UNIQUE_ID(suture_ignore_section_) \
	__used __section(".kpatch.ignore.sections") = _sec
#define KPATCH_IGNORE_FUNCTION(_fn)                               \
	static void *__suture_ignore_func_##_fn __used __section( \
		".kpatch.ignore.functions") = (void *)&_fn
#define KPATCH_IGNORE_STATIC(_static)                         \
	static const char *__UNIQUE_ID(suture_ignore_static_) \
	__used __section(".kpatch.ignore.statics") = _static
#define KPATCH_FORCE_UNSAFE(_fn)                                 \
	static void *__suture_force_func_##_fn __used __section( \
		".kpatch.force") = (void *)&_fn

#define KPATCH_PRINTK(_fmt, ...)                     \
	do {                                         \
		static bool __suture_printed;        \
		if (!__suture_printed) {             \
			__suture_printed = true;     \
			printk(_fmt, ##__VA_ARGS__); \
		}                                    \
	} while (0)

#endif /* _SUTURE_KPATCH_MACROS_H */
