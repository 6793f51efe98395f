// SPDX-License-Identifier: GPL-2.0
/*
 * transition.c - the transition state machine of the consistency engine.
 *
 * prepare -> start -> worker passes (per-task: switch tasks as they are
 * proven safe; stop: stop_machine attempts with backoff) -> synchronise ->
 * suture_core_transition_finish().  Reverse flips the target of an open
 * transition; force switches everything at once and taints the kernel.
 * The interface is doc/internals.md.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/cpu.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include "engine.h"

#define CONS_STOP_TIMEOUT 10
#define CONS_PERTASK_TIMEOUT 300

static unsigned int stop_timeout = CONS_STOP_TIMEOUT;
module_param(stop_timeout, uint, 0644);
MODULE_PARM_DESC(
	stop_timeout,
	"stop model: default seconds of stop_machine retries (patch timeout 0; 0 here: 10)");

static unsigned int pertask_timeout = CONS_PERTASK_TIMEOUT;
module_param(pertask_timeout, uint, 0644);
MODULE_PARM_DESC(
	pertask_timeout,
	"per-task model: default seconds before a transition is reversed (patch timeout 0; 0 here: 300)");

struct cons_state cons = {
	.model = SUTURE_MODEL_PER_TASK,
	.target = SUTURE_UNPATCHED,
	.absent_state = SUTURE_UNPATCHED,
	.stop_state = SUTURE_UNPATCHED,
	.old_ranges = LIST_HEAD_INIT(cons.old_ranges),
	.chunks = LIST_HEAD_INIT(cons.chunks),
};
DEFINE_MUTEX(cons_show_lock);
struct cons_syms cons_syms;

#define CONS_PASS_DELAY (HZ / 10)
#define CONS_STOP_FIRST_DELAY max(1UL, msecs_to_jiffies(10))

static const char *cons_name(void)
{
	return cons.patch && cons.patch->mod ? cons.patch->mod->name : "?";
}

static void cons_sync_fn(struct work_struct *w)
{
}

static DEFINE_PER_CPU(struct work_struct, cons_sync_works);

/**
 * suture_cons_sync() - wait until every CPU has scheduled once
 *
 * Afterwards no ftrace handler that started before the call is still
 * running (handlers run with preemption disabled), including handlers
 * called where RCU is not watching.
 */
void suture_cons_sync(void)
{
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct work_struct *w = per_cpu_ptr(&cons_sync_works, cpu);

		INIT_WORK(w, cons_sync_fn);
		queue_work_on(cpu, system_highpri_wq, w);
	}
	for_each_online_cpu(cpu)
		flush_work(per_cpu_ptr(&cons_sync_works, cpu));
	cpus_read_unlock();
}

void cons_sync(void)
{
	suture_cons_sync();
}

static void cons_queue(unsigned long delay)
{
	mod_delayed_work(system_unbound_wq, &cons.work, delay);
}

/*
 * Close the transition: every task is in the current target state.  @err
 * is -ETIMEDOUT when the engine turned the transition back because it
 * timed out (and no one turned it again since).
 */
static void cons_close(int err, const char *reason)
{
	struct suture_patch *patch = cons.patch;
	int final_state = cons.target;
	u64 us = div_u64(ktime_get_ns() - cons.start_ns, NSEC_PER_USEC);

	pr_info("'%s': transition %s in %llu us (%s model, %u tasks, %u passes%s)\n",
		cons_name(), err ? "failed" : "finished", us,
		cons.model == SUTURE_MODEL_STOP ? "stop" : "per-task",
		cons.model == SUTURE_MODEL_STOP ? cons.stop_nr_tasks :
						  cons.nr_tasks,
		cons.model == SUTURE_MODEL_STOP ? cons.stop_attempts :
						  cons.passes,
		cons.forced ? ", forced" : "");
	if (cons.model == SUTURE_MODEL_PER_TASK)
		cons_pertask_cancel_works();
	/* No handler may still act on a state from before the last switch. */
	cons_sync();
	suture_core_transition_finish(patch, final_state, err, reason);
	/* Handlers that saw func->transition set are gone after this. */
	cons_sync();

	WRITE_ONCE(cons.stop_state, final_state);
	WRITE_ONCE(cons.absent_state, final_state);
	if (cons.model == SUTURE_MODEL_PER_TASK)
		cons_table_free();
	cons_ranges_free();
	cons.started = false;
	cons.patch = NULL;
}

/* The transition ends where it heads now: failed if a timeout turned it. */
static int cons_close_err(void)
{
	return cons.timed_out && cons.target != cons.orig_target ?
		       cons.fail_err :
		       0;
}

/*
 * The patch's timeout (sysfs "timeout" may change it meanwhile), counted
 * since the transition last turned towards its original target; a
 * transition heading back to where it began never times out.
 */
static bool cons_timed_out(void)
{
	bool stop = cons.model == SUTURE_MODEL_STOP;
	unsigned long t = READ_ONCE(cons.patch->timeout);

	if (cons.target != cons.orig_target)
		return false;
	if (!t)
		t = stop ? READ_ONCE(stop_timeout) : READ_ONCE(pertask_timeout);
	if (!t) /* never forever */
		t = stop ? CONS_STOP_TIMEOUT : CONS_PERTASK_TIMEOUT;
	return time_after(jiffies, cons.dir_jiffies + t * HZ);
}

/* The engine gives up: turn back to where the transition began. */
static void cons_give_up(int err)
{
	suture_transition_reverse();
	cons.timed_out = true;
	cons.fail_err = err;
}

static void cons_pertask_work(void)
{
	if (READ_ONCE(cons.absent_state) != cons.target &&
	    cons_capture(!cons.target, cons.target)) {
		cons_queue(CONS_PASS_DELAY);
		return;
	}
	cons_ranges_update();
	cons.passes++;
	if (cons.forced || cons_pertask_pass()) {
		cons_close(cons_close_err(), cons.reason);
		return;
	}
	if (cons_timed_out()) {
		unsigned int left = cons_count_pending();

		scnprintf(
			cons.reason, sizeof(cons.reason),
			"timed out (per-task model), %u task(s) not switched; reverted",
			left);
		pr_notice(
			"'%s': transition timed out with %u task(s) not switched, reverting\n",
			cons_name(), left);
		cons_give_up(-ETIMEDOUT);
		return;
	}
	cons_queue(CONS_PASS_DELAY);
}

static void cons_stop_work(void)
{
	int ret;

	if (cons.target != cons.orig_target || cons.forced) {
		/* Reversed before the switch: every task already is there.
		 * Forced: switch now. */
		WRITE_ONCE(cons.stop_state, cons.target);
		cons_close(cons_close_err(),
			   cons_close_err() ? cons.reason : NULL);
		return;
	}
	cons_ranges_update();
	ret = cons_stop_attempt();
	if (!ret) {
		cons_close(0, NULL);
		return;
	}
	if (ret == -E2BIG || cons_timed_out()) {
		if (ret == -E2BIG)
			cons_stop_too_big(cons.reason, sizeof(cons.reason));
		else
			cons_stop_reason(cons.reason, sizeof(cons.reason));
		pr_notice("'%s': %s\n", cons_name(), cons.reason);
		/* nobody switched: every task is where the transition began */
		cons_give_up(ret == -E2BIG ? -E2BIG : -ETIMEDOUT);
		cons_close(cons_close_err(), cons.reason);
		return;
	}
	cons_queue(cons.stop_delay);
	cons.stop_delay = min_t(unsigned long, cons.stop_delay * 2, HZ);
}

/*
 * How long a transition may wait for direct-call slots to drain: the
 * patch's own timeout when it has one (the whole transition keeps to
 * it), else the per-task model's.  Not the stop model's 10 s: that bounds
 * retries of stop_machine(), while the wait is for an RCU-tasks grace
 * period, which a busy machine can take longer than that to end (seen on
 * the debug kernel under load: a replace patch loaded right after an
 * unload timed out in the stop model).
 */
static bool cons_drain_timed_out(void)
{
	unsigned long t = READ_ONCE(cons.patch->timeout);

	if (!t)
		t = READ_ONCE(pertask_timeout);
	if (!t)
		t = CONS_PERTASK_TIMEOUT;
	return time_after(jiffies, cons.dir_jiffies + t * HZ);
}

/*
 * May the pass run, with direct-call trampoline slots still draining
 * (kmod/core/direct.c)?  A task inside a slot that a function of this
 * transition left runs the version the slot jumps to, the one from
 * before the transition: no task is switched towards the target while
 * one may be there.  Towards where the transition began (reversed) or
 * forced, tasks may go.  The reaper waits for the grace period in its own
 * work item: a task that never leaves a slot (preempted there and never
 * run again, say) keeps it waiting, and the transition times out here
 * (cons_drain_timed_out()).  Without a timeout of its own, the patch's
 * model timeout counts from the end of the wait: nothing was tried
 * before it.
 */
static bool cons_slots_wait(void)
{
	if (suture_direct_drained() || cons.forced ||
	    cons.target != cons.orig_target) {
		if (cons.drain_waited && !READ_ONCE(cons.patch->timeout) &&
		    cons.target == cons.orig_target)
			cons.dir_jiffies = jiffies;
		cons.drain_waited = false;
		return false;
	}
	cons.drain_waited = true;
	if (cons_drain_timed_out()) {
		scnprintf(
			cons.reason, sizeof(cons.reason),
			"timed out (%s model) waiting for direct-call trampolines to drain (a task may be in one); reverted",
			cons.model == SUTURE_MODEL_STOP ? "stop" : "per-task");
		pr_notice(
			"'%s': %s: no RCU-tasks grace period ended since its functions left their trampolines\n",
			cons_name(), cons.reason);
		cons_give_up(-ETIMEDOUT);
		return false;
	}
	suture_direct_reap_async();
	return true;
}

static void cons_work_fn(struct work_struct *w)
{
	mutex_lock(&suture_mutex);
	if (cons.patch && cons.started) {
		if (cons_slots_wait())
			cons_queue(CONS_PASS_DELAY);
		else if (cons.model == SUTURE_MODEL_STOP)
			cons_stop_work();
		else
			cons_pertask_work();
	}
	mutex_unlock(&suture_mutex);
}

/**
 * suture_transition_prepare() - open a transition of @patch towards @target
 * @patch:  the patch
 * @target: SUTURE_PATCHED or SUTURE_UNPATCHED
 *
 * Every existing task, the idle tasks included, is put in the initial
 * state (!@target).  Nothing visible changes until the core marks funcs in
 * transition.  Called with suture_mutex held.
 * Return: 0, -EBUSY when a transition is open, -ENOMEM.
 */
int suture_transition_prepare(struct suture_patch *patch, int target)
{
	int model = patch->model == SUTURE_MODEL_STOP ? SUTURE_MODEL_STOP :
							SUTURE_MODEL_PER_TASK;
	int ret;

	lockdep_assert_held(&suture_mutex);
	if (cons.patch)
		return -EBUSY;
	if (target != SUTURE_PATCHED && target != SUTURE_UNPATCHED)
		return -EINVAL;

	cons.target = target;
	cons.orig_target = target;
	cons.started = false;
	cons.forced = false;
	cons.timed_out = false;
	cons.signalled = false;
	cons.reversals = 0;
	cons.reason[0] = '\0';
	cons.stop_attempts = 0;
	cons.stop_nr_blocked = 0;
	cons.stop_nr_tasks = 0;
	WRITE_ONCE(cons.stop_state, !target);
	WRITE_ONCE(cons.absent_state, !target);
	WRITE_ONCE(cons.model, model);
	if (model == SUTURE_MODEL_PER_TASK) {
		ret = cons_table_alloc();
		if (ret)
			return ret;
		ret = cons_capture(!target, !target);
		if (ret) {
			cons_table_free();
			return ret;
		}
	}
	cons.patch = patch;
	return 0;
}

/**
 * suture_transition_start() - begin switching tasks; returns at once
 *
 * The core has made the functions live with func->transition set.  Tasks
 * born from now on are in the target state.  Called with suture_mutex held.
 */
void suture_transition_start(void)
{
	lockdep_assert_held(&suture_mutex);
	if (!cons.patch || cons.started)
		return;
	cons.started = true;
	cons.start_jiffies = jiffies;
	cons.dir_jiffies = jiffies;
	cons.drain_waited = false;
	cons.start_ns = ktime_get_ns();
	cons.passes = 0;
	cons.nudge_base = jiffies;
	cons.next_nudge = jiffies;
	cons.stop_delay = CONS_STOP_FIRST_DELAY;
	cons_ranges_update();
	if (cons.model == SUTURE_MODEL_PER_TASK)
		/* Born during prepare..start: initial; from now: target. */
		cons_capture(!cons.target, cons.target);
	pr_info("'%s': %s transition started (%s model)\n", cons_name(),
		cons.target == SUTURE_PATCHED ? "patching" : "unpatching",
		cons.model == SUTURE_MODEL_STOP ? "stop" : "per-task");
	cons_queue(0);
}

/**
 * suture_transition_reverse() - turn the open transition around
 *
 * Tasks already switched become the pending ones; tasks born during the
 * transition (in the old target) get an entry; new tasks are born in the
 * new target.  The patch's `enabled` follows the new target (1 when
 * heading to PATCHED), whoever turned the transition (a sysfs write or
 * the engine's timeout).  Called with suture_mutex held.
 */
void suture_transition_reverse(void)
{
	lockdep_assert_held(&suture_mutex);
	if (!cons.patch)
		return;
	cons.reversals++;
	cons.target = !cons.target;
	cons.timed_out = false;
	cons.signalled = false;
	cons.nudge_base = jiffies;
	cons.next_nudge = jiffies;
	cons.dir_jiffies = jiffies;
	WRITE_ONCE(cons.patch->enabled, cons.target == SUTURE_PATCHED);
	pr_info("'%s': transition reversed, now %s\n", cons_name(),
		cons.target == SUTURE_PATCHED ? "patching" : "unpatching");
	if (!cons.started)
		return;
	if (cons.model == SUTURE_MODEL_PER_TASK) {
		cons_capture(!cons.target, cons.target);
		cons_ranges_update();
		/*
		 * A task's self-check (cons_task_work_fn()) or an IPI check
		 * that read the ranges of the old direction writes its
		 * outcome before this returns: the next pass then sees a
		 * task it switched to the old target as pending.
		 */
		cons_sync();
	}
	cons_queue(0);
}

/**
 * suture_transition_force() - every task to the target state now
 *
 * Tasks may be running old code: the kernel is tainted (TAINT_LIVEPATCH)
 * and the patch, and every enabled one, marked forced (their modules
 * are kept).  Called with suture_mutex held.
 * Return: 0, or -EINVAL when no transition is open.
 */
int suture_transition_force(void)
{
	struct suture_patch *p;

	lockdep_assert_held(&suture_mutex);
	if (!cons.patch)
		return -EINVAL;
	pr_notice(
		"'%s': forcing the transition: tasks may still run replaced code\n",
		cons_name());
	cons.forced = true;
	/*
	 * Tasks may now run any enabled patch's code (this one's, one below
	 * it, or one a replace retires): none of their modules may go away
	 * again, as with the kernel's livepatch.
	 */
	list_for_each_entry(p, &suture_patches, list)
		if (p == cons.patch || p->enabled)
			p->forced = true;
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	if (cons.model == SUTURE_MODEL_PER_TASK)
		cons_pertask_force();
	else
		WRITE_ONCE(cons.stop_state, cons.target);
	if (cons.started)
		cons_queue(0);
	return 0;
}

bool suture_transition_is_open(void)
{
	return cons.patch != NULL;
}

struct suture_patch *suture_transition_patch(void)
{
	return cons.patch;
}

int suture_transition_target(void)
{
	return cons.target;
}

const char *suture_transition_model_name(struct suture_patch *p)
{
	return p->model == SUTURE_MODEL_STOP ? "stop" : "per-task";
}

/**
 * suture_transition_pending_show() - sysfs <patch>/pending
 * @p:   the patch whose attribute is read
 * @buf: sysfs buffer
 *
 * Tasks not yet in the target state, 0 when @p has no open transition.
 */
ssize_t suture_transition_pending_show(struct suture_patch *p, char *buf)
{
	unsigned int n = 0;

	mutex_lock(&cons_show_lock);
	if (p == cons.patch) {
		if (cons.model == SUTURE_MODEL_STOP)
			n = READ_ONCE(cons.stop_state) != cons.target ?
				    cons.stop_nr_tasks :
				    0;
		else
			n = cons_count_pending();
	}
	mutex_unlock(&cons_show_lock);
	return sysfs_emit(buf, "%u\n", n);
}

/**
 * suture_transition_blocking_show() - sysfs <patch>/blocking
 * @p:   the patch whose attribute is read
 * @buf: sysfs buffer
 *
 * Per-task model: one "PID COMM FRAME" line per task not yet switched.
 * Stop model: the tasks that blocked the last failed attempt (kept after
 * the transition failed).
 */
ssize_t suture_transition_blocking_show(struct suture_patch *p, char *buf)
{
	struct cons_chunk *chunk;
	struct cons_task *ct;
	unsigned int i;
	int at = 0;

	mutex_lock(&cons_show_lock);
	if (p == cons.patch && cons.model == SUTURE_MODEL_PER_TASK &&
	    cons.buckets) {
		cons_for_each_task(chunk, ct, i) {
			if (READ_ONCE(ct->state) == cons.target)
				continue;
			if (at > PAGE_SIZE - 128) {
				at += sysfs_emit_at(buf, at, "...\n");
				goto out;
			}
			at += cons_frame_show(buf, at, ct->task->pid,
					      ct->task->comm, ct->why,
					      ct->addr);
		}
	} else if (p == cons.report_patch &&
		   (p != cons.patch || cons.stop_state != cons.target)) {
		for (i = 0; i < min_t(unsigned int, cons.stop_nr_blocked,
				      CONS_REPORT_MAX);
		     i++) {
			const struct cons_block *b = &cons.stop_blocked[i];

			at += cons_frame_show(buf, at, b->pid, b->comm, b->why,
					      b->addr);
		}
		if (cons.stop_nr_blocked > CONS_REPORT_MAX)
			at += sysfs_emit_at(buf, at, "... %u more\n",
					    cons.stop_nr_blocked -
						    CONS_REPORT_MAX);
	}
out:
	mutex_unlock(&cons_show_lock);
	return at;
}

static const char *const cons_needed[] = {
	"stack_trace_save_tsk_reliable",
	"task_call_func",
	"idle_task",
	"wake_up_state",
	"task_work_cancel_match",
	"tasklist_lock",
};

/**
 * suture_cons_init() - resolve the kernel helpers the engine needs
 *
 * Return: 0, or -ENOENT after naming the missing helper.
 */
int suture_cons_init(void)
{
	void *p[ARRAY_SIZE(cons_needed)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cons_needed); i++) {
		p[i] = suture_ksym(cons_needed[i]);
		if (!p[i]) {
			pr_err("consistency engine: kernel symbol %s not found (needs CONFIG_HAVE_RELIABLE_STACKTRACE and kallsyms)\n",
			       cons_needed[i]);
			return -ENOENT;
		}
	}
	cons_syms.save_tsk_reliable = p[0];
	cons_syms.task_call_func = p[1];
	cons_syms.idle_task = p[2];
	cons_syms.wake_up_state = p[3];
	cons_syms.task_work_cancel_match = p[4];
	cons_syms.tasklist_lock = p[5];
	INIT_DELAYED_WORK(&cons.work, cons_work_fn);
	return 0;
}

void suture_cons_exit(void)
{
	cancel_delayed_work_sync(&cons.work);
	cons_gens_wait();
	/*
	 * The task work that dropped the last table reference may still be
	 * on its way out of this module's text (preempted after the
	 * wake-up): every task leaves it before the module is freed.
	 */
	synchronize_rcu_tasks();
}
