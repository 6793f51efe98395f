// SPDX-License-Identifier: GPL-2.0
/*
 * stop.c - the stop-the-world model: one stop_machine() attempt.
 *
 * With every CPU held in stop_machine, no task runs except the stopper
 * threads: every task (kthreads, the idle tasks of all CPUs included) is
 * checked with the reliable unwinder, and if none is inside a checked range
 * all of them switch at once (cons.stop_state).  Otherwise the blocking
 * tasks are recorded for the report and nothing changes.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include "engine.h"

struct cons_stop_ctx {
	const struct cons_ranges *rs;
	unsigned int nr_tasks;
	unsigned int nr_blocked;
	struct cons_block blocked[CONS_REPORT_MAX];
	unsigned long buf[CONS_STACK_DEPTH];
	u64 check_ns;
};

static struct cons_stop_ctx stop_ctx; /* serialised by suture_mutex */

static void cons_stop_check(struct cons_stop_ctx *c, struct task_struct *t)
{
	unsigned long addr = 0;
	struct cons_block *b;
	int ret;

	c->nr_tasks++;
	/* Running now: another CPU's stopper thread (or an offline idle). */
	if (t != current && READ_ONCE(t->on_cpu))
		return;
	ret = cons_check_stack(t, c->rs, c->buf, CONS_STACK_DEPTH, &addr);
	if (!ret)
		return;
	if (c->nr_blocked < CONS_REPORT_MAX) {
		b = &c->blocked[c->nr_blocked];
		b->pid = t->pid;
		memcpy(b->comm, t->comm, sizeof(b->comm));
		b->comm[sizeof(b->comm) - 1] = '\0';
		b->why = ret == -EADDRINUSE ? CONS_IN_FUNC : CONS_UNRELIABLE;
		b->addr = addr;
	}
	c->nr_blocked++;
}

/* Runs on one CPU while all the others spin with interrupts disabled. */
static int cons_stop_fn(void *data)
{
	struct cons_stop_ctx *c = data;
	struct task_struct *g, *t;
	u64 t0 = ktime_get_ns();
	int cpu;

	rcu_read_lock();
	for_each_process_thread(g, t)
		cons_stop_check(c, t);
	rcu_read_unlock();
	for_each_possible_cpu(cpu) {
		t = cons_syms.idle_task(cpu);
		if (t)
			cons_stop_check(c, t);
	}
	if (!c->nr_blocked)
		WRITE_ONCE(cons.stop_state, c->rs->target);
	c->check_ns = ktime_get_ns() - t0;
	return c->nr_blocked ? -EBUSY : 0;
}

/**
 * cons_stop_attempt() - stop the machine once and switch if all are safe
 *
 * Called from the worker with suture_mutex held.
 * Return: 0 when every task switched, -EBUSY when some task blocks (see
 * cons.stop_blocked), another error when stop_machine failed.
 */
int cons_stop_attempt(void)
{
	struct cons_stop_ctx *c = &stop_ctx;
	u64 t0;
	int ret;

	memset(c, 0, sizeof(*c));
	c->rs = rcu_dereference_protected(cons.ranges,
					  lockdep_is_held(&suture_mutex));
	if (!c->rs)
		return -ENOMEM;
	t0 = ktime_get_ns();
	ret = stop_machine(cons_stop_fn, c, NULL);
	cons.stop_last_ns = ktime_get_ns() - t0;
	cons.stop_check_ns = c->check_ns;
	cons.stop_attempts++;

	mutex_lock(&cons_show_lock);
	cons.stop_nr_tasks = c->nr_tasks;
	cons.stop_nr_blocked = c->nr_blocked;
	memcpy(cons.stop_blocked, c->blocked, sizeof(c->blocked));
	cons.report_patch = cons.patch;
	mutex_unlock(&cons_show_lock);

	if (!ret)
		pr_info("'%s': stop_machine switched %u tasks at once, pause %llu ns (stack checks %llu ns)\n",
			cons.patch->mod ? cons.patch->mod->name : "?",
			c->nr_tasks, cons.stop_last_ns, c->check_ns);
	return ret;
}

/* The reason recorded when the stop model gives up (fits sysfs result). */
void cons_stop_reason(char *buf, size_t len)
{
	const struct cons_block *b = &cons.stop_blocked[0];
	int n;

	n = scnprintf(buf, len,
		      "timed out (stop model, %u attempts), %u blocking",
		      cons.stop_attempts, cons.stop_nr_blocked);
	if (!cons.stop_nr_blocked)
		return;
	if (b->why == CONS_IN_FUNC)
		scnprintf(buf + n, len - n, ": %d %s %pS", b->pid, b->comm,
			  (void *)b->addr);
	else
		scnprintf(buf + n, len - n, ": %d %s (unreliable stack)",
			  b->pid, b->comm);
}
