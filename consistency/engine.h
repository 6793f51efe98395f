/* SPDX-License-Identifier: GPL-2.0 */
/*
 * engine.h - private to consistency/: the transition record, the per-task
 * table, the check ranges and the kernel helpers reached through kallsyms.
 */
#ifndef _SUTURE_CONS_ENGINE_H
#define _SUTURE_CONS_ENGINE_H

#include <linux/list.h>
#include <linux/workqueue.h>
#include <linux/task_work.h>
#include <linux/rcupdate.h>
#include <linux/atomic.h>
#include "internal.h"

#define CONS_STACK_DEPTH 100 /* as klp; deeper stacks count as unreliable */
#define CONS_REPORT_MAX 16 /* blocking tasks kept by the stop model */

/* Why a task was not switched at its last check. */
enum cons_why {
	CONS_NOT_CHECKED = 0,
	CONS_IN_FUNC, /* a frame inside a checked range */
	CONS_RUNNING, /* running on another CPU */
	CONS_UNRELIABLE, /* the reliable unwinder refused the stack */
};

/* One task of the per-task model.  Entries live until the transition ends. */
struct cons_task {
	struct hlist_node hnode; /* in cons.buckets, RCU */
	struct task_struct *task; /* pinned with get_task_struct() */
	int state; /* SUTURE_PATCHED or SUTURE_UNPATCHED */
	int idle_cpu; /* >= 0: the idle task of that CPU */
	unsigned long flags; /* CT_* bits */
	struct callback_head twork; /* self-check on return to user */
	struct cons_gen *gen; /* the table this entry belongs to */
	enum cons_why why; /* last check's verdict */
	unsigned long addr; /* blocking frame (CONS_IN_FUNC) */
};

#define CT_TW_QUEUED 0 /* twork is queued on the task */

/*
 * The per-task table of one transition, as its task works see it.  A task
 * work already taken off its task's list (task_work_run() runs a whole
 * batch, possibly behind a slow one such as a blocking fput) cannot be
 * cancelled: the transition closes without waiting for it, and the table
 * is freed when its last task work has run (@refs: one for the open
 * transition, one per task work queued or running).
 */
struct cons_gen {
	atomic_t refs;
	bool closed; /* the transition is over: works change nothing */
	struct hlist_head *buckets;
	struct list_head chunks;
};

struct cons_chunk {
	struct list_head node;
	unsigned int nr;
	unsigned int cap;
	struct cons_task t[];
};

struct cons_range {
	unsigned long start;
	unsigned long end;
};

/* The code no task may be in for a switch towards @target. Immutable. */
struct cons_ranges {
	struct list_head node; /* on cons.old_ranges until the end */
	int target;
	unsigned int nr;
	struct cons_range r[]; /* sorted by start */
};

/* A task found blocking by the stop model. */
struct cons_block {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	enum cons_why why;
	unsigned long addr;
};

struct cons_state {
	struct suture_patch *patch; /* NULL while no transition is open */
	int model; /* SUTURE_MODEL_PER_TASK or _STOP */
	int target; /* current target state */
	int orig_target; /* target when the transition began */
	bool started;
	bool forced;
	bool timed_out; /* the engine turned it back (last turn): fail_err */
	int fail_err; /* -ETIMEDOUT, or -E2BIG (stop model pause limit) */
	bool signalled; /* per-task: nudge announced */
	unsigned long nudge_base; /* grace period counts from here */
	unsigned long next_nudge;
	unsigned int reversals;
	unsigned long start_jiffies;
	unsigned long dir_jiffies; /* last turn towards the current target */
	bool drain_waited; /* a pass waited for direct-call slots to drain */
	u64 start_ns; /* for the duration logged at the end */
	unsigned int passes; /* per-task worker passes */

	/* Per-task model. */
	int absent_state; /* state of tasks not in the table */
	struct hlist_head *buckets;
	unsigned int hash_bits;
	struct list_head chunks;
	unsigned int nr_tasks;
	struct cons_gen *gen; /* of the open transition */

	/* Check ranges: current set (RCU for self-checks), older sets. */
	struct cons_ranges __rcu *ranges;
	struct list_head old_ranges;

	/* Stop model. */
	int stop_state; /* the state of every task */
	unsigned int stop_attempts;
	unsigned long stop_delay; /* next backoff, jiffies */
	unsigned int stop_nr_tasks;
	unsigned int stop_nr_blocked;
	struct cons_block stop_blocked[CONS_REPORT_MAX];
	u64 stop_last_ns; /* duration of the last stop_machine */
	u64 stop_check_ns; /* of which checking the stacks */
	u64 stop_est_ns; /* the last pre-scan's stack checks */
	struct suture_patch *report_patch; /* owner of stop_blocked[] */
	char reason[256];

	struct delayed_work work;
};

extern struct cons_state cons;
extern struct mutex cons_show_lock; /* table lifetime vs sysfs readers */

/* Kernel helpers not exported to modules, resolved at init. */
struct cons_syms {
	int (*save_tsk_reliable)(struct task_struct *tsk, unsigned long *store,
				 unsigned int size);
	int (*task_call_func)(struct task_struct *p,
			      int (*func)(struct task_struct *, void *),
			      void *arg);
	struct task_struct *(*idle_task)(int cpu);
	int (*wake_up_state)(struct task_struct *p, unsigned int state);
	/* every 6.1.y has it (task_work_cancel(t, cb) only later ones) */
	struct callback_head *(*task_work_cancel_match)(
		struct task_struct *t,
		bool (*match)(struct callback_head *, void *), void *data);
	rwlock_t *tasklist_lock;
};

extern struct cons_syms cons_syms;

/* table.c */
int cons_table_alloc(void);
void cons_table_free(void);
void cons_gen_put(struct cons_gen *gen);
void cons_gens_wait(void);
int cons_capture(int state, int new_absent_state);
struct cons_task *cons_lookup(struct task_struct *task);
unsigned int cons_count_pending(void);

#define cons_for_each_task(chunk, ct, i)               \
	list_for_each_entry(chunk, &cons.chunks, node) \
		for (i = 0, ct = &chunk->t[0]; i < chunk->nr; i++, ct++)

/* stack.c */
int cons_ranges_update(void);
void cons_ranges_free(void);
int cons_check_stack(struct task_struct *task, const struct cons_ranges *rs,
		     unsigned long *buf, unsigned int size,
		     unsigned long *addr);
int cons_frame_show(char *buf, int at, pid_t pid, const char *comm,
		    enum cons_why why, unsigned long addr);

/* pertask.c */
bool cons_pertask_pass(void);
void cons_pertask_force(void);
void cons_pertask_cancel_works(void);

/* stop.c */
int cons_stop_attempt(void);
void cons_stop_reason(char *buf, size_t len);
void cons_stop_too_big(char *buf, size_t len);

/* transition.c */
void cons_sync(void);

#endif /* _SUTURE_CONS_ENGINE_H */
