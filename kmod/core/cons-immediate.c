// SPDX-License-Identifier: GPL-2.0
/*
 * cons-immediate.c - stand-in for the consistency engine (consistency/).
 *
 * Built ONLY while consistency/ has no sources (see ./Kbuild).  Implements
 * the interface of doc/internals.md by switching every task at once from a
 * worker: no stack checking, no per-task state.  Delete when the engine
 * works.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/sysfs.h>
#include "internal.h"

static struct suture_patch *imm_patch;
static int imm_target;
static bool imm_open;
static bool imm_switched;

static void imm_work_fn(struct work_struct *work)
{
	mutex_lock(&suture_mutex);
	if (imm_open) {
		suture_sync_handlers();
		WRITE_ONCE(imm_switched, true);
		suture_sync_handlers();
		imm_open = false;
		suture_core_transition_finish(imm_patch, imm_target, 0, NULL);
		imm_patch = NULL;
	}
	mutex_unlock(&suture_mutex);
}
static DECLARE_WORK(imm_work, imm_work_fn);

int suture_cons_init(void)
{
	pr_info("no consistency engine built in: transitions switch immediately\n");
	return 0;
}

void suture_cons_exit(void)
{
	flush_work(&imm_work);
}

int suture_transition_prepare(struct suture_patch *patch, int target)
{
	if (imm_open)
		return -EBUSY;
	imm_patch = patch;
	imm_target = target;
	imm_switched = false;
	imm_open = true;
	return 0;
}

void suture_transition_start(void)
{
	schedule_work(&imm_work);
}

void suture_transition_reverse(void)
{
	imm_target = !imm_target;
	WRITE_ONCE(imm_switched, false);
}

int suture_transition_force(void)
{
	return 0;
}

bool suture_transition_is_open(void)
{
	return imm_open;
}

struct suture_patch *suture_transition_patch(void)
{
	return imm_patch;
}

int suture_transition_target(void)
{
	return imm_target;
}

int notrace suture_task_state(struct task_struct *task)
{
	return READ_ONCE(imm_switched) ? imm_target : !imm_target;
}

ssize_t suture_transition_pending_show(struct suture_patch *p, char *buf)
{
	return sysfs_emit(buf, "0\n");
}

ssize_t suture_transition_blocking_show(struct suture_patch *p, char *buf)
{
	return 0;
}
