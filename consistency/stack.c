// SPDX-License-Identifier: GPL-2.0
/*
 * stack.c - is a task inside code the transition replaces?
 *
 * The core tells which code ranges count (suture_for_each_check_range():
 * the versions live underneath when patching, the new versions when
 * unpatching).  The engine keeps them as an immutable sorted array and walks
 * a task's stack with the kernel's reliable unwinder (ORC): a task is safe
 * when the walk succeeds and no return address lies in a range.  A walk that
 * fails, or a stack deeper than CONS_STACK_DEPTH, means "not safe".
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/sysfs.h>
#include "engine.h"

struct cons_collect {
	struct cons_ranges *rs; /* NULL: count only */
	unsigned int nr;
};

static int cons_collect_range(unsigned long start, unsigned long end,
			      struct suture_func *func, void *data)
{
	struct cons_collect *c = data;

	if (end <= start)
		return 0;
	if (c->rs) {
		c->rs->r[c->nr].start = start;
		c->rs->r[c->nr].end = end;
	}
	c->nr++;
	return 0;
}

static int cons_range_cmp(const void *a, const void *b)
{
	const struct cons_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static bool cons_ranges_equal(const struct cons_ranges *a,
			      const struct cons_ranges *b)
{
	return a && b && a->target == b->target && a->nr == b->nr &&
	       !memcmp(a->r, b->r, a->nr * sizeof(a->r[0]));
}

/**
 * cons_ranges_update() - (re)build the check ranges of the open transition
 *
 * Called with suture_mutex held, at start, on reversal and before each
 * pass (a module loaded meanwhile may add functions).  Old sets stay
 * allocated until the transition ends: self-checks may still read them.
 * Return: 0 or -ENOMEM (the previous set stays in use).
 */
int cons_ranges_update(void)
{
	struct cons_collect c = {};
	struct cons_ranges *rs, *cur;

	suture_for_each_check_range(cons.patch, cons.target, cons_collect_range,
				    &c);
	rs = kmalloc(struct_size(rs, r, c.nr), GFP_KERNEL);
	if (!rs)
		return -ENOMEM;
	rs->target = cons.target;
	rs->nr = c.nr;
	c.rs = rs;
	c.nr = 0;
	suture_for_each_check_range(cons.patch, cons.target, cons_collect_range,
				    &c);
	rs->nr = min(rs->nr, c.nr);
	sort(rs->r, rs->nr, sizeof(rs->r[0]), cons_range_cmp, NULL);

	cur = rcu_dereference_protected(cons.ranges,
					lockdep_is_held(&suture_mutex));
	if (cons_ranges_equal(cur, rs)) {
		kfree(rs);
		return 0;
	}
	if (cur)
		list_add(&cur->node, &cons.old_ranges);
	rcu_assign_pointer(cons.ranges, rs);
	return 0;
}

/*
 * After the final synchronisation and after the table was closed: task
 * works still running read the ranges under rcu_read_lock().
 */
void cons_ranges_free(void)
{
	struct cons_ranges *rs, *tmp;

	rs = rcu_dereference_protected(cons.ranges, true);
	RCU_INIT_POINTER(cons.ranges, NULL);
	synchronize_rcu();
	kfree(rs);
	list_for_each_entry_safe(rs, tmp, &cons.old_ranges, node) {
		list_del(&rs->node);
		kfree(rs);
	}
}

static bool cons_in_ranges(const struct cons_ranges *rs, unsigned long addr)
{
	unsigned int lo = 0, hi = rs->nr, steps = 0;

	/* Ranges may overlap (stacked versions): scan back a little. */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (rs->r[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0) {
		if (addr < rs->r[lo].end)
			return true;
		if (++steps == 8)
			break;
	}
	return false;
}

/**
 * cons_check_stack() - may @task switch towards @rs->target?
 * @task: a task that cannot run meanwhile (task_call_func, stop_machine),
 *        or current
 * @rs:   the check ranges
 * @buf:  room for @size return addresses
 * @size: deepest stack accepted
 * @addr: set to the blocking return address on -EADDRINUSE
 *
 * Return: 0 when safe, -EADDRINUSE when a frame is in a checked range,
 * -EINVAL when the stack is not reliable.
 */
int cons_check_stack(struct task_struct *task, const struct cons_ranges *rs,
		     unsigned long *buf, unsigned int size, unsigned long *addr)
{
	int n, i;

	n = cons_syms.save_tsk_reliable(task, buf, size);
	if (n < 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (cons_in_ranges(rs, buf[i])) {
			*addr = buf[i];
			return -EADDRINUSE;
		}
	}
	return 0;
}

/**
 * cons_frame_show() - one "PID COMM FRAME" line of a blocking report
 * @buf:  sysfs buffer
 * @at:   offset in @buf
 * @pid:  the task's pid
 * @comm: its command name
 * @why:  the verdict of its last check
 * @addr: the blocking return address for CONS_IN_FUNC
 *
 * Return: the number of characters added.
 */
int cons_frame_show(char *buf, int at, pid_t pid, const char *comm,
		    enum cons_why why, unsigned long addr)
{
	switch (why) {
	case CONS_IN_FUNC:
		return sysfs_emit_at(buf, at, "%d %s %pS\n", pid, comm,
				     (void *)addr);
	case CONS_RUNNING:
		return sysfs_emit_at(buf, at, "%d %s (running)\n", pid, comm);
	case CONS_UNRELIABLE:
		return sysfs_emit_at(buf, at, "%d %s (unreliable stack)\n", pid,
				     comm);
	default:
		return sysfs_emit_at(buf, at, "%d %s (not checked yet)\n", pid,
				     comm);
	}
}
