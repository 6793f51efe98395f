// SPDX-License-Identifier: GPL-2.0
/*
 * st_shadow - the shadow-variable scenarios (those of the kernel's
 * test_klp_shadow_vars, on Suture's API).  Logs one TAP line per check to
 * the kernel log ("ok - core: shadow: ..."), which the scenario script
 * copies out.
 *   phase=checks   alloc, get, duplicate alloc, get-or-alloc, ctor, ctor
 *                  failure, free with dtor, free-all with dtor
 *   phase=leave    attach a variable and unload without freeing it
 *   phase=takeover a later module (think: a replacing patch) finds it
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "suture.h"

static char *phase = "checks";
module_param(phase, charp, 0444);

#define ID1 0x5157
#define ID2 0x5158
#define ID_KEEP 0x51570

static int failures;
static int ctor_calls, dtor_calls;
static void *dtor_last;

static void check(bool cond, const char *what)
{
	pr_info("%sok - core: shadow: %s\n", cond ? "" : "not ", what);
	if (!cond)
		failures++;
}

static int ctor(void *obj, void *data, void *ctor_data)
{
	ctor_calls++;
	if (!ctor_data)
		return -EINVAL; /* "refuse" */
	*(int *)data = *(int *)ctor_data;
	return 0;
}

static void dtor(void *obj, void *data)
{
	dtor_calls++;
	dtor_last = obj;
}

static void checks(void)
{
	/* any distinct addresses serve as objects */
	static int o1, o2, o3, o4;
	int v1 = 11, v2 = 22, v3 = 33;
	int *a, *b, *c, *d;

	check(!suture_shadow_get(&o1, ID1),
	      "get of a missing variable is NULL");

	a = suture_shadow_alloc(&o1, ID1, sizeof(int), GFP_KERNEL, ctor, &v1);
	check(a && *a == 11 && ctor_calls == 1,
	      "alloc runs the constructor with its data");
	check(suture_shadow_get(&o1, ID1) == a,
	      "get finds the allocated variable");

	b = suture_shadow_alloc(&o1, ID2, sizeof(int), GFP_KERNEL, ctor, &v2);
	c = suture_shadow_alloc(&o2, ID1, sizeof(int), GFP_KERNEL, NULL, NULL);
	check(b && c && b != a && c != a && *b == 22 && *c == 0,
	      "(object, id) pairs are distinct; no ctor gives zeroed data");

	check(!suture_shadow_alloc(&o1, ID1, sizeof(int), GFP_KERNEL, ctor,
				   &v3) &&
		      ctor_calls == 2 && suture_shadow_get(&o1, ID1) == a &&
		      *a == 11,
	      "alloc of an existing variable fails and changes nothing");

	check(suture_shadow_get_or_alloc(&o1, ID1, sizeof(int), GFP_KERNEL,
					 ctor, &v3) == a &&
		      ctor_calls == 2,
	      "get_or_alloc returns the existing variable, no ctor");

	d = suture_shadow_get_or_alloc(&o3, ID1, sizeof(int), GFP_ATOMIC, ctor,
				       &v3);
	check(d && *d == 33 && ctor_calls == 3 &&
		      suture_shadow_get(&o3, ID1) == d,
	      "get_or_alloc allocates and constructs a missing variable");

	check(!suture_shadow_alloc(&o4, ID1, sizeof(int), GFP_KERNEL, ctor,
				   NULL) &&
		      !suture_shadow_get(&o4, ID1),
	      "a failing constructor attaches nothing");

	suture_shadow_free(&o1, ID1, dtor);
	check(dtor_calls == 1 && dtor_last == &o1 &&
		      !suture_shadow_get(&o1, ID1) &&
		      suture_shadow_get(&o1, ID2) == b,
	      "free runs the destructor and detaches only that variable");

	suture_shadow_free_all(ID1, dtor);
	check(dtor_calls == 3 && !suture_shadow_get(&o2, ID1) &&
		      !suture_shadow_get(&o3, ID1) &&
		      suture_shadow_get(&o1, ID2) == b,
	      "free_all frees every variable of the id, with the destructor");

	suture_shadow_free(&o1, ID2, NULL);
	check(!suture_shadow_get(&o1, ID2), "free without destructor");
}

/* An object that outlives both modules: any vmlinux address. */
#define KEEP_OBJ ((void *)&jiffies_64)

static int __init st_shadow_init(void)
{
	int v = 4242, *p;

	if (!strcmp(phase, "checks")) {
		checks();
	} else if (!strcmp(phase, "leave")) {
		p = suture_shadow_alloc(KEEP_OBJ, ID_KEEP, sizeof(int),
					GFP_KERNEL, ctor, &v);
		check(p && *p == 4242, "a patch attaches a variable");
	} else if (!strcmp(phase, "takeover")) {
		p = suture_shadow_get(KEEP_OBJ, ID_KEEP);
		check(p && *p == 4242,
		      "a variable outlives the module that attached it and a later one takes it over");
		suture_shadow_free(KEEP_OBJ, ID_KEEP, NULL);
	} else {
		return -EINVAL;
	}
	return 0;
}

static void __exit st_shadow_exit(void)
{
}

module_init(st_shadow_init);
module_exit(st_shadow_exit);
MODULE_LICENSE("GPL");
