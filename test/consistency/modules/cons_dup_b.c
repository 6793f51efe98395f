// SPDX-License-Identifier: GPL-2.0
/* cons_dup, second file: the cons_dup_fn with a cold part (sympos 2). */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include "cons_dup.h"

static DECLARE_WAIT_QUEUE_HEAD(dup_wq);
static bool dup_released;
static atomic_t dup_blocked;

static noinline __cold void cons_dup_wait(void)
{
	atomic_set(&dup_blocked, 1);
	wait_event_interruptible(dup_wq, READ_ONCE(dup_released) ||
						 kthread_should_stop());
	atomic_set(&dup_blocked, 0);
	WRITE_ONCE(cons_dup_block, false);
}

static noinline int cons_dup_fn(void)
{
	if (unlikely(READ_ONCE(cons_dup_block))) {
		pr_info("cons_dup: blocking in the cold part\n");
		WRITE_ONCE(dup_released, false);
		cons_dup_wait();
		pr_info("cons_dup: left the cold part\n");
	}
	return READ_ONCE(cons_dup_one);
}

int cons_dup_second(void)
{
	return cons_dup_fn();
}

void cons_dup_release(void)
{
	WRITE_ONCE(dup_released, true);
	wake_up_all(&dup_wq);
}

int cons_dup_blocked(void)
{
	return atomic_read(&dup_blocked);
}
