// SPDX-License-Identifier: GPL-2.0
/*
 * table.c - the per-task state of the per-task model, without touching
 * task_struct.
 *
 * Every task that existed when the transition was prepared (and, on a
 * reversal, every task born since) has an entry in a hash table keyed by its
 * task_struct pointer; the entry holds the task's state and a reference to
 * the task, so the address cannot be reused by a new task meanwhile.  A task
 * without an entry is in cons.absent_state: the initial state until the
 * transition starts, the target state after.  A task that has no entry has
 * never run with an old frame on its stack since the last capture: it was
 * born after it, with a fresh stack.
 *
 * Readers (the ftrace handler, through suture_task_state()) read
 * absent_state first, then the table; cons_capture() publishes the new
 * entries before it changes absent_state, and does both while it holds
 * tasklist_lock for reading, so no task can be born in between.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include "engine.h"

#define CONS_HASH_BITS_MIN 12
#define CONS_HASH_BITS_MAX 20

/*
 * Buckets for at least twice the tasks alive now, so that the handler's
 * lookup stays O(1) (about one entry a bucket) on machines with many
 * threads; tasks born during a reversal only add a few.
 */
static unsigned int cons_table_bits(void)
{
	struct task_struct *g, *t;
	unsigned long n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t)
		n++;
	rcu_read_unlock();
	n += num_possible_cpus(); /* the idle tasks */
	return clamp_t(unsigned int, order_base_2(2 * n), CONS_HASH_BITS_MIN,
		       CONS_HASH_BITS_MAX);
}

static atomic_t cons_gens_alive = ATOMIC_INIT(0);

/**
 * cons_table_alloc() - an empty task table for a new transition
 *
 * Sized by the number of tasks (see cons_table_bits()).  Called while no
 * handler looks at the table.
 * Return: 0 or -ENOMEM.
 */
int cons_table_alloc(void)
{
	unsigned int bits = cons_table_bits();
	struct cons_gen *gen;
	struct hlist_head *b;

	gen = kzalloc(sizeof(*gen), GFP_KERNEL);
	b = kvcalloc(1U << bits, sizeof(*b), GFP_KERNEL);
	if (!b || !gen) {
		kvfree(b);
		kfree(gen);
		return -ENOMEM;
	}
	atomic_set(&gen->refs, 1);
	INIT_LIST_HEAD(&gen->chunks);
	atomic_inc(&cons_gens_alive);
	mutex_lock(&cons_show_lock);
	INIT_LIST_HEAD(&cons.chunks);
	cons.nr_tasks = 0;
	cons.hash_bits = bits;
	cons.gen = gen;
	WRITE_ONCE(cons.buckets, b);
	mutex_unlock(&cons_show_lock);
	return 0;
}

/**
 * cons_gen_put() - drop a reference to a transition's table
 * @gen: the table
 *
 * The last one frees every entry and its task reference (process
 * context: the closing transition or a task work on its way to user).
 */
void cons_gen_put(struct cons_gen *gen)
{
	struct cons_chunk *chunk, *tmp;
	unsigned int i;

	if (!atomic_dec_and_test(&gen->refs))
		return;
	list_for_each_entry_safe(chunk, tmp, &gen->chunks, node) {
		for (i = 0; i < chunk->nr; i++)
			put_task_struct(chunk->t[i].task);
		list_del(&chunk->node);
		kvfree(chunk);
	}
	kvfree(gen->buckets);
	kfree(gen);
	if (atomic_dec_and_test(&cons_gens_alive))
		wake_up_var(&cons_gens_alive);
}

/**
 * cons_gens_wait() - wait until every transition's table is freed
 *
 * At module exit: a task work of ours that was running when its
 * transition closed may still hold one.
 */
void cons_gens_wait(void)
{
	if (atomic_read(&cons_gens_alive))
		pr_notice(
			"waiting for the task works of past transitions to run\n");
	wait_var_event(&cons_gens_alive, !atomic_read(&cons_gens_alive));
}

/**
 * cons_table_free() - close the table of the transition
 *
 * Called once no handler can look at the table any more (after the final
 * synchronisation) and no task work of ours is queued any more; works
 * already running keep the entries alive until they end (cons_gen_put()).
 */
void cons_table_free(void)
{
	struct cons_gen *gen = cons.gen;

	mutex_lock(&cons_show_lock);
	WRITE_ONCE(gen->closed, true);
	gen->buckets = cons.buckets;
	list_splice_init(&cons.chunks, &gen->chunks);
	WRITE_ONCE(cons.buckets, NULL);
	cons.gen = NULL;
	cons.nr_tasks = 0;
	mutex_unlock(&cons_show_lock);
	cons_gen_put(gen);
}

/**
 * cons_lookup() - the entry of @task, or NULL
 * @task: any task
 *
 * Safe in any context while the transition is open (entries are only added
 * during it, and freed after the final synchronisation).
 */
notrace struct cons_task *cons_lookup(struct task_struct *task)
{
	struct hlist_head *b = READ_ONCE(cons.buckets);
	struct cons_task *ct;

	if (!b)
		return NULL;
	hlist_for_each_entry_rcu_notrace(ct, &b[hash_ptr(task, cons.hash_bits)],
					 hnode)
		if (ct->task == task)
			return ct;
	return NULL;
}

/**
 * suture_task_state() - the state @task runs in during a transition
 * @task: usually current
 *
 * Called by the ftrace handler for a func in transition; preemption is
 * disabled.  O(1): one hash bucket.
 *
 * Return: SUTURE_PATCHED or SUTURE_UNPATCHED.
 */
notrace int suture_task_state(struct task_struct *task)
{
	struct cons_task *ct;
	int absent;

	if (READ_ONCE(cons.model) == SUTURE_MODEL_STOP)
		return READ_ONCE(cons.stop_state);
	absent = READ_ONCE(cons.absent_state);
	smp_rmb(); /* pairs with smp_wmb() in cons_capture() */
	ct = cons_lookup(task);
	return ct ? READ_ONCE(ct->state) : absent;
}

static struct cons_chunk *cons_free_chunk(void)
{
	struct cons_chunk *c;

	if (list_empty(&cons.chunks))
		return NULL;
	c = list_last_entry(&cons.chunks, struct cons_chunk, node);
	return c->nr < c->cap ? c : NULL;
}

static int cons_grow(unsigned int need)
{
	struct cons_chunk *c = cons_free_chunk();
	unsigned int cap;

	if (c && c->cap - c->nr >= need)
		return 0;
	cap = need + 64;
	c = kvmalloc(struct_size(c, t, cap), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->nr = 0;
	c->cap = cap;
	mutex_lock(&cons_show_lock);
	list_add_tail(&c->node, &cons.chunks);
	mutex_unlock(&cons_show_lock);
	return 0;
}

static bool cons_add(struct task_struct *t, int state, int idle_cpu)
{
	struct cons_chunk *c = cons_free_chunk();
	struct cons_task *ct;

	if (!c)
		return false;
	ct = &c->t[c->nr];
	memset(ct, 0, sizeof(*ct));
	get_task_struct(t);
	ct->task = t;
	ct->state = state;
	ct->idle_cpu = idle_cpu;
	ct->gen = cons.gen;
	c->nr++;
	cons.nr_tasks++;
	hlist_add_head_rcu(&ct->hnode,
			   &cons.buckets[hash_ptr(t, cons.hash_bits)]);
	return true;
}

static unsigned int cons_count_absent(void)
{
	struct task_struct *g, *t;
	unsigned int n = 0;
	int cpu;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (!cons_lookup(t))
			n++;
	rcu_read_unlock();
	for_each_possible_cpu(cpu) {
		t = cons_syms.idle_task(cpu);
		if (t && !cons_lookup(t))
			n++;
	}
	return n;
}

/**
 * cons_capture() - give every task without an entry one, then change the
 * state of tasks without an entry
 * @state:            state of the new entries (the state those tasks are in)
 * @new_absent_state: state of tasks born from now on
 *
 * Called with suture_mutex held.  Return: 0 or -ENOMEM (nothing changed
 * for the absent state then; entries added so far stay, they are correct).
 */
int cons_capture(int state, int new_absent_state)
{
	struct task_struct *g, *t;
	bool full;
	int cpu, ret;

	for (;;) {
		ret = cons_grow(cons_count_absent() + 16);
		if (ret) {
			pr_err("out of memory for the task table of a transition\n");
			return ret;
		}
		full = false;
		read_lock(cons_syms.tasklist_lock);
		for_each_process_thread(g, t) {
			if (cons_lookup(t))
				continue;
			if (!cons_add(t, state, -1)) {
				full = true;
				break;
			}
		}
		for_each_possible_cpu(cpu) {
			if (full)
				break;
			t = cons_syms.idle_task(cpu);
			if (!t || cons_lookup(t))
				continue;
			if (!cons_add(t, state, cpu))
				full = true;
		}
		if (!full) {
			smp_wmb(); /* entries before the absent state */
			WRITE_ONCE(cons.absent_state, new_absent_state);
			read_unlock(cons_syms.tasklist_lock);
			return 0;
		}
		read_unlock(cons_syms.tasklist_lock);
	}
}

/**
 * cons_count_pending() - tasks with an entry not yet in the target state
 *
 * Return: their number (0 when no table exists).
 */
unsigned int cons_count_pending(void)
{
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i, n = 0;

	if (!cons.buckets)
		return 0;
	cons_for_each_task(chunk, ct, i)
		if (READ_ONCE(ct->state) != cons.target)
			n++;
	return n;
}
