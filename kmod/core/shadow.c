// SPDX-License-Identifier: GPL-2.0
/*
 * shadow.c - shadow variables: data attached to existing kernel objects.
 *
 * A patch that needs a new field in a structure it cannot change attaches a
 * shadow variable to the structure's address under an id of its choosing.
 * Shadow variables belong to suture.ko, not to a patch: a replacing patch
 * finds the variables its predecessor attached.
 *
 * Lookups are lock-free under RCU; changes take suture_shadow_lock (irq
 * safe, so the API may be used from any context with GFP_ATOMIC).  The
 * constructor runs under that lock and must not sleep; the destructor runs
 * after the variable has been unhashed.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/hashtable.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include "internal.h"

#define SHADOW_HASH_BITS 12

static DEFINE_HASHTABLE(suture_shadow_hash, SHADOW_HASH_BITS);
static DEFINE_SPINLOCK(suture_shadow_lock);

struct suture_shadow {
	struct hlist_node node;
	struct rcu_head rcu;
	void *obj;
	unsigned long id;
	char data[];
};

static struct suture_shadow *shadow_find(void *obj, unsigned long id)
{
	struct suture_shadow *s;

	hash_for_each_possible_rcu(suture_shadow_hash, s, node,
				   (unsigned long)obj)
		if (s->obj == obj && s->id == id)
			return s;
	return NULL;
}

/**
 * suture_shadow_get() - the data of shadow variable (@obj, @id)
 * @obj: the object the variable is attached to
 * @id:  the variable's id
 *
 * Return: a pointer to the data, or NULL when there is none.
 */
void *suture_shadow_get(void *obj, unsigned long id)
{
	struct suture_shadow *s;
	void *data = NULL;

	rcu_read_lock();
	s = shadow_find(obj, id);
	if (s)
		data = s->data;
	rcu_read_unlock();
	return data;
}
EXPORT_SYMBOL_GPL(suture_shadow_get);

static void *shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, suture_shadow_ctor_t ctor,
				 void *ctor_data, bool want_new)
{
	struct suture_shadow *s, *new;
	unsigned long flags;
	void *data;
	int ret;

	data = suture_shadow_get(obj, id);
	if (data)
		goto exists;

	new = kzalloc(sizeof(*new) + size, gfp_flags);
	if (!new)
		return NULL;
	new->obj = obj;
	new->id = id;

	spin_lock_irqsave(&suture_shadow_lock, flags);
	s = shadow_find(obj, id);
	if (s) {
		/* lost a race with another allocator */
		spin_unlock_irqrestore(&suture_shadow_lock, flags);
		kfree(new);
		data = s->data;
		goto exists;
	}
	if (ctor) {
		ret = ctor(obj, new->data, ctor_data);
		if (ret) {
			spin_unlock_irqrestore(&suture_shadow_lock, flags);
			pr_err("shadow variable <%px, %lx>: constructor failed (%d)\n",
			       obj, id, ret);
			kfree(new);
			return NULL;
		}
	}
	hash_add_rcu(suture_shadow_hash, &new->node, (unsigned long)obj);
	spin_unlock_irqrestore(&suture_shadow_lock, flags);
	return new->data;

exists:
	if (want_new) {
		pr_err("shadow variable <%px, %lx> already exists\n", obj, id);
		return NULL;
	}
	return data;
}

/**
 * suture_shadow_alloc() - attach a new shadow variable to @obj
 * @obj:       the object (any address)
 * @id:        the variable's id
 * @size:      size of the data; zeroed before @ctor runs
 * @gfp_flags: allocation flags
 * @ctor:      optional constructor, runs under a spinlock; non-zero refuses
 * @ctor_data: passed to @ctor
 *
 * Return: the new data, or NULL if (@obj, @id) exists already (logged), the
 * allocation failed or @ctor refused.
 */
void *suture_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, suture_shadow_ctor_t ctor,
			  void *ctor_data)
{
	return shadow_get_or_alloc(obj, id, size, gfp_flags, ctor, ctor_data,
				   true);
}
EXPORT_SYMBOL_GPL(suture_shadow_alloc);

/**
 * suture_shadow_get_or_alloc() - the existing variable, or a new one
 * @obj, @id, @size, @gfp_flags, @ctor, @ctor_data: as suture_shadow_alloc()
 *
 * @ctor runs only when a new variable is made.
 * Return: the data, or NULL when a needed allocation failed or @ctor refused.
 */
void *suture_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, suture_shadow_ctor_t ctor,
				 void *ctor_data)
{
	return shadow_get_or_alloc(obj, id, size, gfp_flags, ctor, ctor_data,
				   false);
}
EXPORT_SYMBOL_GPL(suture_shadow_get_or_alloc);

static void shadow_drop(struct suture_shadow *s, suture_shadow_dtor_t dtor)
{
	hash_del_rcu(&s->node);
	if (dtor)
		dtor(s->obj, s->data);
	kfree_rcu(s, rcu);
}

/**
 * suture_shadow_free() - detach and free shadow variable (@obj, @id)
 * @obj:  the object
 * @id:   the variable's id
 * @dtor: optional destructor, called with the data before it is freed
 */
void suture_shadow_free(void *obj, unsigned long id, suture_shadow_dtor_t dtor)
{
	struct suture_shadow *s;
	unsigned long flags;

	spin_lock_irqsave(&suture_shadow_lock, flags);
	s = shadow_find(obj, id);
	if (s)
		shadow_drop(s, dtor);
	spin_unlock_irqrestore(&suture_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(suture_shadow_free);

/**
 * suture_shadow_free_all() - free every shadow variable with id @id
 * @id:   the id
 * @dtor: optional destructor, called for each
 */
void suture_shadow_free_all(unsigned long id, suture_shadow_dtor_t dtor)
{
	struct suture_shadow *s;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&suture_shadow_lock, flags);
	hash_for_each_safe(suture_shadow_hash, bkt, tmp, s, node)
		if (s->id == id)
			shadow_drop(s, dtor);
	spin_unlock_irqrestore(&suture_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(suture_shadow_free_all);

/* suture.ko unloads: no patch module is left, free what they leaked. */
void suture_shadow_exit(void)
{
	struct suture_shadow *s;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(suture_shadow_hash, bkt, tmp, s, node) {
		hash_del(&s->node);
		kfree(s);
	}
	rcu_barrier();
}
