// SPDX-License-Identifier: GPL-2.0
/*
 * pertask.c - switching tasks one by one (per-task model).
 *
 * A task's state changes only at a point where it cannot be between the
 * handler's choice and the chosen function:
 *   - while it is not running, with task_call_func() holding it off the CPU
 *     (sleeping and preempted tasks, idle tasks while a worker runs on their
 *     CPU), after a reliable stack check;
 *   - by itself, in a task work run on its way back to user mode (queued for
 *     every pending user task at once, which also kicks a task running in
 *     user mode on another CPU);
 *   - by itself, in an IPI that interrupted it while it was preemptible (so
 *     not inside the ftrace handler, which runs with preemption disabled):
 *     the same situation as a preempted task, checked the same way.
 * After a grace period, pending user tasks get a fake signal and pending
 * kthreads are woken, so that they leave the sleep that blocks them.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/cpu.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/smp.h>
#include "engine.h"

static unsigned int nudge_after_ms = 2000;
module_param(nudge_after_ms, uint, 0644);
MODULE_PARM_DESC(nudge_after_ms,
		 "per-task model: after this long, signal/wake pending tasks");

struct cons_check_arg {
	struct cons_task *ct;
	const struct cons_ranges *rs;
	unsigned long *buf;
};

static void cons_switched(struct cons_task *ct, int target)
{
	ct->why = CONS_NOT_CHECKED;
	ct->addr = 0;
	WRITE_ONCE(ct->state, target);
}

static void cons_blocked(struct cons_task *ct, int ret, unsigned long addr)
{
	if (ret == -EADDRINUSE) {
		ct->why = CONS_IN_FUNC;
		ct->addr = addr;
	} else if (ret == -EBUSY) {
		ct->why = CONS_RUNNING;
	} else {
		ct->why = CONS_UNRELIABLE;
	}
}

/* task_call_func() callback: @t cannot start or stop running meanwhile. */
static int cons_check_switch(struct task_struct *t, void *data)
{
	struct cons_check_arg *a = data;
	unsigned long addr = 0;
	int ret;

	if (t != current && READ_ONCE(t->on_cpu)) {
		cons_blocked(a->ct, -EBUSY, 0);
		return -EBUSY;
	}
	/* A dead task never runs again: nothing of it can mix versions. */
	if (READ_ONCE(t->__state) == TASK_DEAD) {
		cons_switched(a->ct, a->rs->target);
		return 0;
	}
	ret = cons_check_stack(t, a->rs, a->buf, CONS_STACK_DEPTH, &addr);
	if (ret) {
		cons_blocked(a->ct, ret, addr);
		return ret;
	}
	cons_switched(a->ct, a->rs->target);
	return 0;
}

static int cons_try_switch(struct cons_task *ct, const struct cons_ranges *rs)
{
	unsigned long buf[CONS_STACK_DEPTH];
	struct cons_check_arg a = { .ct = ct, .rs = rs, .buf = buf };

	return cons_syms.task_call_func(ct->task, cons_check_switch, &a);
}

/* Self-check of current, on its way to user mode (task work). */
static void cons_task_work_fn(struct callback_head *head)
{
	struct cons_task *ct = container_of(head, struct cons_task, twork);
	struct cons_gen *gen = ct->gen;
	unsigned long buf[CONS_STACK_DEPTH], addr = 0;
	const struct cons_ranges *rs;
	int ret;

	clear_bit(CT_TW_QUEUED, &ct->flags);
	/*
	 * Read the ranges, check and switch with preemption disabled (not
	 * only in an RCU read section, which is preemptible on PREEMPT_RCU):
	 * a reversal and the close wait with cons_sync() for every CPU to
	 * schedule, so a check that read the ranges of the direction before
	 * a turn has written its outcome before the next pass reads the
	 * states.  Otherwise a task preempted here could switch itself to
	 * the abandoned target after the pass that closes the transition.
	 * A closed transition's ranges are freed after synchronize_rcu(),
	 * begun after it was marked closed, which waits for this section
	 * too (cons_ranges_free()).
	 */
	preempt_disable();
	rs = READ_ONCE(gen->closed) ? NULL : rcu_dereference_sched(cons.ranges);
	if (rs && READ_ONCE(ct->state) != rs->target) {
		ret = cons_check_stack(current, rs, buf, CONS_STACK_DEPTH,
				       &addr);
		if (ret)
			cons_blocked(ct, ret, addr);
		else
			cons_switched(ct, rs->target);
	}
	preempt_enable();
	cons_gen_put(gen);
}

/* IPI: check whatever task this CPU was running, if it was preemptible. */
static void cons_ipi_fn(void *unused)
{
	unsigned long buf[CONS_STACK_DEPTH], addr = 0;
	const struct cons_ranges *rs;
	struct cons_task *ct;
	int ret;

	/*
	 * Only a plain hardirq over preemptible task context: anything with
	 * preemption disabled may be the ftrace handler between its choice
	 * and the jump.  Without CONFIG_PREEMPT_COUNT that cannot be told.
	 */
	if (!IS_ENABLED(CONFIG_PREEMPT_COUNT) ||
	    preempt_count() != HARDIRQ_OFFSET || in_nmi())
		return;
	ct = cons_lookup(current);
	if (!ct)
		return;
	rs = rcu_dereference_sched(cons.ranges);
	if (!rs || READ_ONCE(ct->state) == rs->target)
		return;
	ret = cons_check_stack(current, rs, buf, CONS_STACK_DEPTH, &addr);
	if (ret)
		cons_blocked(ct, ret, addr);
	else
		cons_switched(ct, rs->target);
}

/* Per-CPU work: while it runs, this CPU's idle task is not running. */
static DEFINE_PER_CPU(struct work_struct, cons_idle_works);
static DEFINE_PER_CPU(struct cons_task *, cons_idle_entry);

static void cons_idle_fn(struct work_struct *w)
{
	struct cons_task *ct = this_cpu_read(cons_idle_entry);
	const struct cons_ranges *rs;

	if (!ct)
		return;
	rs = rcu_dereference_protected(cons.ranges, true);
	if (rs && READ_ONCE(ct->state) != rs->target)
		cons_try_switch(ct, rs);
}

static bool cons_user_task(struct task_struct *t)
{
	return !(t->flags & (PF_KTHREAD | PF_IO_WORKER | PF_EXITING)) && t->mm;
}

static void cons_queue_task_work(struct cons_task *ct)
{
	if (test_and_set_bit(CT_TW_QUEUED, &ct->flags))
		return;
	atomic_inc(&ct->gen->refs);
	init_task_work(&ct->twork, cons_task_work_fn);
	if (task_work_add(ct->task, &ct->twork, TWA_RESUME)) {
		/* Exiting: it will not return to user mode again. */
		clear_bit(CT_TW_QUEUED, &ct->flags);
		cons_gen_put(ct->gen);
	}
}

/* The fake signal of the kernel's livepatch: interrupts a user task's
 * interruptible sleep; nothing is delivered. */
static void cons_fake_signal(struct task_struct *t)
{
	if (!test_and_set_tsk_thread_flag(t, TIF_NOTIFY_SIGNAL) &&
	    !cons_syms.wake_up_state(t, TASK_INTERRUPTIBLE))
		kick_process(t);
}

static void cons_nudge(void)
{
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i, n = 0;

	cons_for_each_task(chunk, ct, i) {
		struct task_struct *t = ct->task;

		if (READ_ONCE(ct->state) == cons.target || ct->idle_cpu >= 0 ||
		    t->exit_state)
			continue;
		n++;
		if (t->flags & (PF_KTHREAD | PF_IO_WORKER))
			cons_syms.wake_up_state(t, TASK_INTERRUPTIBLE);
		else if (cons_user_task(t))
			cons_fake_signal(t);
	}
	if (n && !cons.signalled) {
		pr_notice("'%s': signalling %u remaining task(s)\n",
			  cons.patch->mod ? cons.patch->mod->name : "?", n);
		cons.signalled = true;
	}
}

/**
 * cons_pertask_pass() - try to switch every pending task
 *
 * Called from the engine's worker with suture_mutex held.
 * Return: true when every task is in the target state.
 */
bool cons_pertask_pass(void)
{
	const struct cons_ranges *rs;
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i, pending = 0;
	bool busy = false, idle_busy = false;
	unsigned long since;
	int cpu;

	rs = rcu_dereference_protected(cons.ranges,
				       lockdep_is_held(&suture_mutex));
	if (!rs)
		return false;

	cpus_read_lock();
	for_each_possible_cpu(cpu)
		per_cpu(cons_idle_entry, cpu) = NULL;
	cons_for_each_task(chunk, ct, i) {
		int ret;

		if (READ_ONCE(ct->state) == cons.target)
			continue;
		if (ct->idle_cpu >= 0 && !cpu_online(ct->idle_cpu)) {
			/* An offline CPU's idle task runs no patched code. */
			cons_switched(ct, cons.target);
			continue;
		}
		ret = cons_try_switch(ct, rs);
		if (!ret)
			continue;
		if (ret == -EBUSY) {
			if (ct->idle_cpu >= 0) {
				per_cpu(cons_idle_entry, ct->idle_cpu) = ct;
				idle_busy = true;
			} else {
				busy = true;
			}
		}
		pending++;
	}

	if (idle_busy) {
		for_each_online_cpu(cpu) {
			if (!per_cpu(cons_idle_entry, cpu))
				continue;
			INIT_WORK(per_cpu_ptr(&cons_idle_works, cpu),
				  cons_idle_fn);
			queue_work_on(cpu, system_highpri_wq,
				      per_cpu_ptr(&cons_idle_works, cpu));
		}
		for_each_online_cpu(cpu)
			if (per_cpu(cons_idle_entry, cpu))
				flush_work(per_cpu_ptr(&cons_idle_works, cpu));
	}
	if (busy)
		smp_call_function(cons_ipi_fn, NULL, 1);
	cpus_read_unlock();

	if (!pending)
		return true;
	pending = cons_count_pending();
	if (!pending)
		return true;

	/* Tasks in (or returning to) user mode switch themselves. */
	cons_for_each_task(chunk, ct, i)
		if (READ_ONCE(ct->state) != cons.target && ct->idle_cpu < 0 &&
		    cons_user_task(ct->task))
			cons_queue_task_work(ct);

	since = jiffies - cons.nudge_base;
	if (since >= msecs_to_jiffies(nudge_after_ms) &&
	    time_after_eq(jiffies, cons.next_nudge)) {
		cons_nudge();
		cons.next_nudge = jiffies + HZ;
	}
	return false;
}

/* Force: every task to the target state, whatever it runs. */
void cons_pertask_force(void)
{
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i;

	cons_for_each_task(chunk, ct, i)
		cons_switched(ct, cons.target);
	smp_wmb();
	WRITE_ONCE(cons.absent_state, cons.target);
}

static bool cons_is_work(struct callback_head *cb, void *data)
{
	return cb == data;
}

/**
 * cons_pertask_cancel_works() - take our queued task works off their tasks
 *
 * Called before the table is closed, with suture_mutex held.  Works that
 * task_work_run() has already taken off their task's list cannot be
 * cancelled; they may wait behind another work of the same batch for as
 * long as it blocks.  They are not waited for (that would hold
 * suture_mutex, and with it every module load and sysfs access, for that
 * long): they hold a reference on the table and change nothing once the
 * transition is closed.
 */
void cons_pertask_cancel_works(void)
{
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i;

	cons_for_each_task(chunk, ct, i) {
		if (!test_bit(CT_TW_QUEUED, &ct->flags))
			continue;
		if (cons_syms.task_work_cancel_match(ct->task, cons_is_work,
						     &ct->twork)) {
			clear_bit(CT_TW_QUEUED, &ct->flags);
			cons_gen_put(ct->gen);
		}
	}
}
