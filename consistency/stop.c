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
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include "engine.h"

static unsigned int stop_max_pause_ms = 50;
module_param(stop_max_pause_ms, uint, 0644);
MODULE_PARM_DESC(
	stop_max_pause_ms,
	"stop model: refuse when checking every stack would stop the machine longer (0: no limit)");

/*
 * PREEMPT_RT: the stop model is refused unless this is set.  An RT kernel
 * promises bounded latency; stop_machine() holds every CPU with interrupts
 * off (threaded handlers cannot run either) for the whole stack check of
 * every task, up to stop_max_pause_ms, far beyond that bound.  And RT
 * preempts tasks anywhere (its spinlocks sleep), so a task busy in a
 * patched function is nearly always caught inside it: the attempts fail
 * and the transition times out (measured on 6.1.0-57-rt).  It stays
 * correct (blocked tasks are seen, nothing switches): hence an override.
 */
static bool stop_on_preempt_rt;
module_param(stop_on_preempt_rt, bool, 0644);
MODULE_PARM_DESC(
	stop_on_preempt_rt,
	"accept the stop model on PREEMPT_RT (refused by default: it stops every CPU, interrupts off, up to stop_max_pause_ms)");

struct cons_stop_ctx {
	const struct cons_ranges *rs;
	unsigned int nr_tasks;
	unsigned int nr_blocked;
	struct cons_block blocked[CONS_REPORT_MAX];
	unsigned long buf[CONS_STACK_DEPTH];
	u64 check_ns;
	u64 unwind_ns; /* pre-scan: time spent in the stack checks */
};

static struct cons_stop_ctx stop_ctx; /* serialised by suture_mutex */

/*
 * Stack-check cost per task measured inside the last stop_machine() (any
 * transition): unwinding with every other CPU stopped can cost more than
 * the pre-scan with the machine running, so the estimate of the next
 * pause takes the larger of both.
 */
static u64 stop_ns_per_task;

static void cons_stop_check(struct cons_stop_ctx *c, struct task_struct *t)
{
	unsigned long addr = 0;
	u64 t0;
	struct cons_block *b;
	int ret;

	c->nr_tasks++;
	/* Running now: another CPU's stopper thread (or an offline idle). */
	if (t != current && READ_ONCE(t->on_cpu))
		return;
	t0 = ktime_get_ns();
	ret = cons_check_stack(t, c->rs, c->buf, CONS_STACK_DEPTH, &addr);
	c->unwind_ns += ktime_get_ns() - t0;
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

/* task_call_func() callback of the pre-scan: @t cannot run meanwhile. */
static int cons_prescan_one(struct task_struct *t, void *data)
{
	cons_stop_check(data, t);
	return 0;
}

/*
 * Check every stack with the machine running, each task held by
 * task_call_func() (tasks running now are skipped): a task found blocking
 * here would make the stop_machine() attempt fail anyway, and the time
 * the checks took estimates the pause stop_machine() would cost.
 */
static void cons_prescan(struct cons_stop_ctx *c)
{
	struct task_struct *g, *t;
	int cpu;

	rcu_read_lock();
	for_each_process_thread(g, t)
		cons_syms.task_call_func(t, cons_prescan_one, c);
	rcu_read_unlock();
	for_each_possible_cpu(cpu) {
		t = cons_syms.idle_task(cpu);
		if (t)
			cons_syms.task_call_func(t, cons_prescan_one, c);
	}
}

static void cons_stop_report(struct cons_stop_ctx *c)
{
	mutex_lock(&cons_show_lock);
	cons.stop_nr_tasks = c->nr_tasks;
	cons.stop_nr_blocked = c->nr_blocked;
	memcpy(cons.stop_blocked, c->blocked, sizeof(c->blocked));
	cons.report_patch = cons.patch;
	mutex_unlock(&cons_show_lock);
}

/**
 * cons_stop_attempt() - stop the machine once and switch if all are safe
 *
 * A pre-scan with the machine running comes first: when it finds a task
 * blocking, the machine is not stopped in vain; when its stack checks took
 * longer than stop_max_pause_ms, the machine is not stopped at all (the
 * pause grows with the number of tasks).
 * Called from the worker with suture_mutex held.
 * Return: 0 when every task switched, -EBUSY when some task blocks (see
 * cons.stop_blocked), -E2BIG when the pause would exceed the limit
 * (cons.stop_est_ns), another error when stop_machine failed.
 */
int cons_stop_attempt(void)
{
	struct cons_stop_ctx *c = &stop_ctx;
	unsigned int limit_ms = READ_ONCE(stop_max_pause_ms);
	u64 t0;
	int ret;

	memset(c, 0, sizeof(*c));
	c->rs = rcu_dereference_protected(cons.ranges,
					  lockdep_is_held(&suture_mutex));
	if (!c->rs)
		return -ENOMEM;
	cons.stop_attempts++;
	cons_prescan(c);
	cons.stop_est_ns = max(c->unwind_ns, stop_ns_per_task * c->nr_tasks);
	if (c->nr_blocked) {
		cons_stop_report(c);
		return -EBUSY;
	}
	if (limit_ms && cons.stop_est_ns > (u64)limit_ms * NSEC_PER_MSEC) {
		cons_stop_report(c);
		return -E2BIG;
	}

	memset(c, 0, sizeof(*c));
	c->rs = rcu_dereference_protected(cons.ranges,
					  lockdep_is_held(&suture_mutex));
	t0 = ktime_get_ns();
	ret = stop_machine(cons_stop_fn, c, NULL);
	cons.stop_last_ns = ktime_get_ns() - t0;
	cons.stop_check_ns = c->check_ns;
	if (c->nr_tasks)
		stop_ns_per_task = div_u64(c->check_ns, c->nr_tasks);
	cons_stop_report(c);

	if (!ret)
		pr_info("'%s': stop_machine switched %u tasks at once, pause %llu ns (stack checks %llu ns; pre-scan estimate %llu ns)\n",
			cons.patch->mod ? cons.patch->mod->name : "?",
			c->nr_tasks, cons.stop_last_ns, c->check_ns,
			cons.stop_est_ns);
	return ret;
}

/* Why the stop model refuses a machine with too many tasks. */
void cons_stop_too_big(char *buf, size_t len)
{
	scnprintf(
		buf, len,
		"stop model refused: pause estimated at %llu us for %u tasks > stop_max_pause_ms %u; use per-task",
		div_u64(cons.stop_est_ns, NSEC_PER_USEC), cons.stop_nr_tasks,
		READ_ONCE(stop_max_pause_ms));
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

/**
 * suture_model_supported() - may a patch use @model on this kernel?
 * @name: the patch's module name, for the message
 * @model: SUTURE_MODEL_STOP or SUTURE_MODEL_PER_TASK
 *
 * Called before anything changes.  The stop model is refused on
 * PREEMPT_RT (see stop_on_preempt_rt), saying why and what to do.
 *
 * Return: 0, or -EOPNOTSUPP with the reason in the kernel log.
 */
int suture_model_supported(const char *name, int model)
{
	if (model != SUTURE_MODEL_STOP || !IS_ENABLED(CONFIG_PREEMPT_RT) ||
	    READ_ONCE(stop_on_preempt_rt))
		return 0;
	pr_err("%s: stop model refused on PREEMPT_RT: stop_machine() would hold every CPU with interrupts off for the stack check of every task (up to stop_max_pause_ms), beyond an RT kernel's latency bounds, and RT preempts tasks inside patched functions, so it rarely completes; load with --model per-task (or set suture.ko's stop_on_preempt_rt=1 to accept the pause)\n",
	       name);
	return -EOPNOTSUPP;
}
