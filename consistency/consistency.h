/* SPDX-License-Identifier: GPL-2.0 */
/*
 * consistency.h - the consistency engine of suture.ko, as the core sees it.
 *
 * The contract is doc/internals.md: the core prepares a transition, makes
 * the functions live with func->transition set, starts the engine, and the
 * engine decides, task by task (per-task model) or for all tasks at once
 * (stop model), when a task may run the target version.  The engine calls
 * suture_core_transition_finish() when the transition is over.
 */
#ifndef _SUTURE_CONSISTENCY_H
#define _SUTURE_CONSISTENCY_H

#include <linux/types.h>
#include <linux/sched.h>

struct suture_patch;

int suture_cons_init(void);
void suture_cons_exit(void);

/* 0, or -EOPNOTSUPP (logged) when @model is refused on this kernel. */
int suture_model_supported(const char *name, int model);

/* All of the following are called with suture_mutex held. */
int suture_transition_prepare(struct suture_patch *patch, int target);
void suture_transition_start(void);
void suture_transition_reverse(void);
int suture_transition_force(void);
bool suture_transition_is_open(void);
struct suture_patch *suture_transition_patch(void);
int suture_transition_target(void);

/* Hot path: ftrace handler, preemption disabled, any context.  O(1). */
int suture_task_state(struct task_struct *task);

/* sysfs helpers: text for <patch>/pending and <patch>/blocking. */
ssize_t suture_transition_pending_show(struct suture_patch *p, char *buf);
ssize_t suture_transition_blocking_show(struct suture_patch *p, char *buf);

/* Extras (not required by the core). */
const char *suture_transition_model_name(struct suture_patch *p);
void suture_cons_sync(void);

#endif /* _SUTURE_CONSISTENCY_H */
