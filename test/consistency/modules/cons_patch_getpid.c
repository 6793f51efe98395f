// SPDX-License-Identifier: GPL-2.0
/*
 * cons_patch_getpid - replaces the getpid system call (__x64_sys_getpid,
 * vmlinux): for a task named "hammer" (test/consistency/hammer.c) it
 * returns the tgid + HAMMER_NEW, so that process sees which version it
 * runs; every other task gets its tgid as before.  The parameter calls
 * counts the new version's calls.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "suture.h"

#define HAMMER_NEW 0x10000000L

static atomic_long_t calls;

static int calls_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&calls));
}

static const struct kernel_param_ops calls_ops = { .get = calls_get };
module_param_cb(calls, &calls_ops, NULL, 0444);
MODULE_PARM_DESC(calls, "calls of the new getpid");

static long new_sys_getpid(const struct pt_regs *regs)
{
	long tgid = task_tgid_vnr(current);

	atomic_long_inc(&calls);
	if (!strcmp(current->comm, "hammer"))
		return tgid + HAMMER_NEW;
	return tgid;
}

static struct suture_func funcs[] = { { .old_name = "__x64_sys_getpid",
					.new_func = new_sys_getpid },
				      {} };

static struct suture_object objs[] = { { .funcs = funcs }, {} };

#include "cons_patch.h"
