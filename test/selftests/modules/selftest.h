/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selftest.h - helpers for the hand-written patch modules of
 * test/selftests: log lines the scenario scripts look for in dmesg, and the
 * register/unregister glue every patch module needs.
 */
#ifndef _SUTURE_SELFTEST_H
#define _SUTURE_SELFTEST_H

#include <linux/module.h>
#include <linux/kernel.h>
#include "suture.h"

/* "suture-cb: <patch module> <object> <callback>" */
#define ST_CB(cb)                                                          \
	static int __maybe_unused st_##cb##_int(struct suture_object *obj) \
	{                                                                  \
		pr_info("suture-cb: %s %s " #cb "\n", KBUILD_MODNAME,      \
			obj->name ? obj->name : "vmlinux");                \
		return 0;                                                  \
	}                                                                  \
	static void __maybe_unused st_##cb(struct suture_object *obj)      \
	{                                                                  \
		st_##cb##_int(obj);                                        \
	}

#define ST_LOGGING_CALLBACKS \
	ST_CB(pre_patch)     \
	ST_CB(post_patch) ST_CB(pre_unpatch) ST_CB(post_unpatch)

#define ST_CALLBACKS                                                        \
	{                                                                   \
		.pre_patch = st_pre_patch_int, .post_patch = st_post_patch, \
		.pre_unpatch = st_pre_unpatch,                              \
		.post_unpatch = st_post_unpatch,                            \
	}

/*
 * Module init/exit that register @patch; "model=N" (enum suture_model)
 * picks the consistency model.
 */
#define ST_PATCH_MODULE(patch)                          \
	static int st_model;                            \
	module_param_named(model, st_model, int, 0444); \
	static int __init st_init(void)                 \
	{                                               \
		(patch).model = st_model;               \
		return suture_register_patch(&(patch)); \
	}                                               \
	static void __exit st_exit(void)                \
	{                                               \
		suture_unregister_patch(&(patch));      \
	}                                               \
	module_init(st_init);                           \
	module_exit(st_exit);                           \
	MODULE_LICENSE("GPL")

#endif /* _SUTURE_SELFTEST_H */
