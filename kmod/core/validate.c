// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - check every record a patch module hands over before
 * anything is changed.
 *
 * The records (struct suture_patch, its objs[], funcs[] and relocs[]) come
 * from a module built by livepatch-build or by hand; the core later follows
 * their pointers, writes through their relocation places and calls their
 * callbacks.  Every pointer must therefore lie in the patch module itself:
 * strings NUL-terminated inside it, code in its text, the patch record
 * inside it, the arrays wholly inside it or in a block it kmalloc()ed.  A
 * relocation may write only into the module's own sections, never into
 * struct module, the record tables or the strings the core reads, nor into
 * another relocation's bytes.  A record that would
 * silently end an array (a func without a name but with a replacement, an
 * object with a name but nothing else) is refused, as are duplicate
 * functions and duplicate objects.  The first bad record is named with its
 * index and field, and the patch is refused.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/elf.h>
#include <linux/kallsyms.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/version.h>
#include "internal.h"

/* The sections of a loaded module, by what the core may do with them. */
enum mod_area {
	AREA_TEXT, /* executable, core */
	AREA_CORE, /* anything of the core part (text, rodata, data) */
	AREA_INIT, /* the init part: freed once the module's init returned */
};

static bool span_in(unsigned long a, unsigned long len, const void *base,
		    unsigned long size)
{
	unsigned long b = (unsigned long)base;

	return base && a >= b && len <= size && a - b <= size - len;
}

static unsigned long room_in(unsigned long a, const void *base,
			     unsigned long size)
{
	unsigned long b = (unsigned long)base;

	return base && a >= b && a - b < size ? size - (a - b) : 0;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
/* Bytes from @a to the end of the core section holding it (0: none). */
static unsigned long mod_core_room(struct module *mod, unsigned long a)
{
	unsigned long room;

	for_each_mod_mem_type(t)
	{
		if (mod_mem_type_is_init(t))
			continue;
		room = room_in(a, mod->mem[t].base, mod->mem[t].size);
		if (room)
			return room;
	}
	return 0;
}

static bool mod_has(struct module *mod, enum mod_area area, unsigned long a,
		    unsigned long len)
{
	for_each_mod_mem_type(t)
	{
		const struct module_memory *m = &mod->mem[t];
		bool ok;

		switch (area) {
		case AREA_TEXT:
			ok = t == MOD_TEXT;
			break;
		case AREA_CORE:
			ok = !mod_mem_type_is_init(t);
			break;
		default:
			ok = mod_mem_type_is_init(t);
			break;
		}
		if (ok && span_in(a, len, m->base, m->size))
			return true;
	}
	return false;
}
#else
/* Bytes from @a to the end of the core part (0: not in it). */
static unsigned long mod_core_room(struct module *mod, unsigned long a)
{
	return room_in(a, mod->core_layout.base, mod->core_layout.size);
}

static bool mod_has(struct module *mod, enum mod_area area, unsigned long a,
		    unsigned long len)
{
	const struct module_layout *core = &mod->core_layout;

	switch (area) {
	case AREA_TEXT:
		return span_in(a, len, core->base, core->text_size);
	case AREA_CORE:
		return span_in(a, len, core->base, core->size);
	default:
		return span_in(a, len, mod->init_layout.base,
			       mod->init_layout.size);
	}
}
#endif

/*
 * Bytes from @p to the end of the kmalloc()ed block that starts at @p (0:
 * none).  The glue of generated patch modules (kmod/patch/glue.c) builds
 * the objs[], funcs[] and relocs[] arrays with kcalloc(); the records in
 * them, and everything they point to, are checked like static ones.
 */
static unsigned long heap_room(const void *p)
{
	struct folio *folio;

	if (!p || !virt_addr_valid(p))
		return 0;
	folio = virt_to_folio(p);
	if (folio_test_slab(folio))
		return ksize(p);
	if (folio_test_large(folio) && folio_address(folio) == p)
		return folio_size(folio);
	return 0;
}

/* Bytes an array starting at @p may span: in the module or a heap block. */
static unsigned long array_room(struct module *mod, const void *p)
{
	unsigned long room = mod_core_room(mod, (unsigned long)p);

	return room ? room : heap_room(p);
}

struct span {
	unsigned long start, end; /* [start, end) */
	unsigned int oi, k; /* places: the record objs[oi].relocs[k] */
};

/* What the checks collect: ranges no relocation may touch, and places. */
struct vstate {
	struct suture_patch *patch;
	struct module *mod;
	struct span *keep;
	unsigned int nr_keep, cap_keep;
	struct span *places;
	unsigned int nr_places, cap_places;
	char where[64]; /* "objs[2].relocs[7]" */
};

static int span_add(struct span **arr, unsigned int *nr, unsigned int *cap,
		    unsigned long start, unsigned long len)
{
	if (*nr == *cap) {
		unsigned int ncap = *cap ? *cap * 2 : 64;
		struct span *n;

		n = kvmalloc_array(ncap, sizeof(*n), GFP_KERNEL);
		if (!n)
			return -ENOMEM;
		if (*arr)
			memcpy(n, *arr, *nr * sizeof(*n));
		kvfree(*arr);
		*arr = n;
		*cap = ncap;
	}
	(*arr)[*nr] = (struct span){ .start = start, .end = start + len };
	(*nr)++;
	return 0;
}

static int keep(struct vstate *v, const void *p, unsigned long len)
{
	return span_add(&v->keep, &v->nr_keep, &v->cap_keep, (unsigned long)p,
			len);
}

static int bad(struct vstate *v, const char *field, const char *fmt, ...)
	__printf(3, 4);

static int bad(struct vstate *v, const char *field, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_err("%s: invalid patch record %s%s%s: %pV; refusing the patch (the module is corrupt or not made for this core)\n",
	       v->mod->name, v->where, *field ? "." : "", field, &vaf);
	va_end(ap);
	return -EINVAL;
}

/* A string of 1..@max-1 characters wholly inside the module's core. */
static int check_string(struct vstate *v, const char *field, const char *s,
			size_t max)
{
	unsigned long len;
	size_t n;

	if (!s)
		return bad(v, field, "is NULL");
	len = min_t(unsigned long, max,
		    mod_core_room(v->mod, (unsigned long)s));
	if (!len)
		return bad(v, field, "%px is not inside the patch module", s);
	n = strnlen(s, len);
	if (n == len)
		return bad(
			v, field,
			"%px is not a string ending inside the patch module within %zu bytes",
			s, max);
	if (!n)
		return bad(v, field, "is an empty string");
	return keep(v, s, n + 1);
}

static int check_code(struct vstate *v, const char *field, const void *fn)
{
	if (!mod_has(v->mod, AREA_TEXT, (unsigned long)fn, 1))
		return bad(v, field, "%px is not in the patch module's code",
			   fn);
	return 0;
}

/*
 * @len bytes of records from @p, all in the module's core or all in the
 * heap block @p starts.
 */
static int check_array(struct vstate *v, const char *field, const void *p,
		       unsigned long len)
{
	if (array_room(v->mod, p) < len)
		return bad(
			v, field,
			"%px (+%lu bytes) is neither inside the patch module nor a block it allocated",
			p, len);
	return 0;
}

static unsigned long norm_pos(unsigned long sympos)
{
	return sympos ? sympos : 1;
}

static int check_funcs(struct vstate *v, struct suture_object *obj,
		       unsigned int oi)
{
	struct suture_func *func, *other;
	unsigned int j;
	int ret;

	for (j = 0;; j++) {
		func = &obj->funcs[j];
		snprintf(v->where, sizeof(v->where), "objs[%u].funcs[%u]", oi,
			 j);
		ret = check_array(v, "", obj->funcs, (j + 1) * sizeof(*func));
		if (ret)
			return ret;
		if (!func->old_name) {
			if (func->new_func || func->old_size ||
			    func->old_sympos)
				return bad(
					v, "old_name",
					"is NULL but the record is not the terminator (new_func %px, old_size %lu, old_sympos %lu): the functions after it would be ignored",
					func->new_func, func->old_size,
					func->old_sympos);
			break;
		}
		ret = check_string(v, "old_name", func->old_name,
				   KSYM_NAME_LEN);
		if (ret)
			return ret;
		if (!func->new_func)
			return bad(v, "new_func",
				   "is NULL: %s has no replacement",
				   func->old_name);
		ret = check_code(v, "new_func", func->new_func);
		if (ret)
			return ret;
		for (other = obj->funcs; other != func; other++)
			if (!strcmp(other->old_name, func->old_name) &&
			    norm_pos(other->old_sympos) ==
				    norm_pos(func->old_sympos))
				return bad(
					v, "old_name",
					"%s,%lu is replaced twice (also by funcs[%u])",
					func->old_name,
					norm_pos(func->old_sympos),
					(unsigned int)(other - obj->funcs));
	}
	/* the array, terminator included, is off limits for relocations */
	return keep(v, obj->funcs, (j + 1) * sizeof(*func));
}

static int check_relocs(struct vstate *v, struct suture_object *obj,
			unsigned int oi)
{
	/* the init part is freed before a module target can come */
	bool init_ok = !obj->name && v->mod->state == MODULE_STATE_COMING;
	unsigned long bytes, a;
	unsigned int k;
	size_t len;
	int ret;

	snprintf(v->where, sizeof(v->where), "objs[%u]", oi);
	if (!obj->nr_relocs)
		return 0;
	if (!obj->relocs)
		return bad(v, "relocs", "is NULL but nr_relocs is %u",
			   obj->nr_relocs);
	if (check_mul_overflow((unsigned long)obj->nr_relocs,
			       (unsigned long)sizeof(*obj->relocs), &bytes))
		return bad(v, "nr_relocs", "%u is too large", obj->nr_relocs);
	ret = check_array(v, "relocs", obj->relocs, bytes);
	if (ret)
		return bad(v, "nr_relocs",
			   "%u records do not fit in the patch module",
			   obj->nr_relocs);
	ret = keep(v, obj->relocs, bytes);
	if (ret)
		return ret;
	for (k = 0; k < obj->nr_relocs; k++) {
		struct suture_reloc *rel = &obj->relocs[k];

		snprintf(v->where, sizeof(v->where), "objs[%u].relocs[%u]", oi,
			 k);
		ret = check_string(v, "name", rel->name, KSYM_NAME_LEN);
		if (ret)
			return ret;
		len = suture_reloc_len(rel->type);
		if (!len)
			return bad(v, "type", "%u is not a supported type",
				   rel->type);
		a = (unsigned long)rel->place;
		if (!mod_has(v->mod, AREA_CORE, a, len) &&
		    !(init_ok && mod_has(v->mod, AREA_INIT, a, len)))
			return bad(
				v, "place",
				"%px (+%zu bytes) is not inside the patch module's %s",
				rel->place, len,
				init_ok ? "sections" :
					  "sections that stay loaded");
		ret = span_add(&v->places, &v->nr_places, &v->cap_places, a,
			       len);
		if (ret)
			return ret;
		v->places[v->nr_places - 1].oi = oi;
		v->places[v->nr_places - 1].k = k;
	}
	return 0;
}

static int check_object(struct vstate *v, struct suture_object *obj,
			unsigned int oi)
{
	const struct suture_callbacks *cb = &obj->callbacks;
	struct suture_object *other;
	int ret;

	snprintf(v->where, sizeof(v->where), "objs[%u]", oi);
	if (obj->name) {
		ret = check_string(v, "name", obj->name, MODULE_NAME_LEN);
		if (ret)
			return ret;
		if (!strcmp(obj->name, "vmlinux"))
			return bad(
				v, "name",
				"\"vmlinux\" is no module name (vmlinux is the object without a name)");
	}
	for (other = v->patch->objs; other != obj; other++)
		if ((!other->name && !obj->name) ||
		    (other->name && obj->name &&
		     !strcmp(other->name, obj->name)))
			return bad(v, "name", "%s is also objs[%u]",
				   obj->name ? obj->name : "vmlinux",
				   (unsigned int)(other - v->patch->objs));
	if (cb->pre_patch &&
	    check_code(v, "callbacks.pre_patch", cb->pre_patch))
		return -EINVAL;
	if (cb->post_patch &&
	    check_code(v, "callbacks.post_patch", cb->post_patch))
		return -EINVAL;
	if (cb->pre_unpatch &&
	    check_code(v, "callbacks.pre_unpatch", cb->pre_unpatch))
		return -EINVAL;
	if (cb->post_unpatch &&
	    check_code(v, "callbacks.post_unpatch", cb->post_unpatch))
		return -EINVAL;
	if (obj->funcs) {
		ret = check_funcs(v, obj, oi);
		if (ret)
			return ret;
	}
	return check_relocs(v, obj, oi);
}

static bool obj_is_end(const struct suture_object *obj)
{
	const struct suture_callbacks *cb = &obj->callbacks;

	return !obj->funcs && !obj->relocs && !cb->pre_patch &&
	       !cb->post_patch && !cb->pre_unpatch && !cb->post_unpatch;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* Merge the sorted ranges to keep into disjoint ones. */
static void merge_spans(struct vstate *v)
{
	unsigned int i, n = 0;

	for (i = 0; i < v->nr_keep; i++) {
		if (n && v->keep[i].start <= v->keep[n - 1].end) {
			v->keep[n - 1].end =
				max(v->keep[n - 1].end, v->keep[i].end);
			continue;
		}
		v->keep[n++] = v->keep[i];
	}
	v->nr_keep = n;
}

/* The kept range overlapping [s, e), or NULL (v->keep disjoint, sorted). */
static const struct span *kept_overlap(struct vstate *v, unsigned long s,
				       unsigned long e)
{
	unsigned int lo = 0, hi = v->nr_keep;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (v->keep[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < v->nr_keep && v->keep[lo].start < e)
		return &v->keep[lo];
	return NULL;
}

/* Relocation places: disjoint, none on struct module or the records. */
static int check_places(struct vstate *v)
{
	const struct span *k, *p, *q;
	unsigned int i;

	sort(v->keep, v->nr_keep, sizeof(*v->keep), span_cmp, NULL);
	merge_spans(v);
	sort(v->places, v->nr_places, sizeof(*v->places), span_cmp, NULL);
	for (i = 0; i < v->nr_places; i++) {
		p = &v->places[i];
		snprintf(v->where, sizeof(v->where), "objs[%u].relocs[%u]",
			 p->oi, p->k);
		q = i ? &v->places[i - 1] : NULL;
		if (q && p->start < q->end)
			return bad(
				v, "place",
				"%px: objs[%u].relocs[%u] writes these bytes too",
				(void *)p->start, q->oi, q->k);
		k = kept_overlap(v, p->start, p->end);
		if (k)
			return bad(
				v, "place",
				"%px would overwrite what the core reads (%px..%px: struct module, the patch record, its arrays or names)",
				(void *)p->start, (void *)k->start,
				(void *)k->end);
	}
	return 0;
}

/* patch->states: an array in the module or a block it allocated, to id 0 */
static int check_states(struct vstate *v)
{
	struct suture_state *states = v->patch->states;
	unsigned int si;
	int ret;

	for (si = 0;; si++) {
		snprintf(v->where, sizeof(v->where), "states[%u]", si);
		ret = check_array(v, "", states, (si + 1) * sizeof(*states));
		if (ret)
			return ret;
		if (!states[si].id)
			return keep(v, states, (si + 1) * sizeof(*states));
	}
}

/**
 * suture_validate_patch() - check every record of a patch module
 * @patch: the patch passed to suture_register_patch(), patch->mod set
 *
 * Called before anything is changed (nothing is written to the records).
 * Return: 0, or -EINVAL after logging the first bad record with its index
 * and field; -ENOMEM.
 */
int suture_validate_patch(struct suture_patch *patch)
{
	struct vstate v = { .patch = patch, .mod = patch->mod };
	struct suture_object *obj;
	unsigned int oi;
	int ret;

	snprintf(v.where, sizeof(v.where), "patch");
	ret = mod_has(v.mod, AREA_CORE, (unsigned long)patch, sizeof(*patch)) ?
		      0 :
		      bad(&v, "", "%px is not inside the patch module", patch);
	if (ret)
		return ret;
	ret = keep(&v, patch, sizeof(*patch));
	if (!ret)
		ret = keep(&v, v.mod, sizeof(*v.mod));
	for (oi = 0; !ret; oi++) {
		obj = &patch->objs[oi];
		snprintf(v.where, sizeof(v.where), "objs[%u]", oi);
		ret = check_array(&v, "", patch->objs, (oi + 1) * sizeof(*obj));
		if (ret)
			break;
		if (obj_is_end(obj)) {
			if (obj->name || obj->nr_relocs)
				ret = bad(
					&v, obj->name ? "name" : "nr_relocs",
					"is set on an object with no funcs, relocs or callbacks: it would end the array");
			else
				ret = keep(&v, patch->objs,
					   (oi + 1) * sizeof(*obj));
			break;
		}
		ret = check_object(&v, obj, oi);
	}
	if (!ret && !oi)
		ret = bad(&v, "", "the patch has no object");
	if (!ret && patch->states)
		ret = check_states(&v);
	if (!ret)
		ret = check_places(&v);
	kvfree(v.keep);
	kvfree(v.places);
	return ret;
}
