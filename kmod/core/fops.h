/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fops.h - one patched address as patch.c (the handler, the func stacks)
 * and direct.c (direct calls once no transition involves it) share it.
 * Everything here is changed with suture_mutex held.
 */
#ifndef _SUTURE_FOPS_H
#define _SUTURE_FOPS_H

#include <linux/ftrace.h>
#include <linux/list.h>

struct suture_ops {
	struct list_head node; /* on suture_ops_list */
	unsigned long old_addr;
	unsigned long loc; /* the fentry call site */
	struct list_head func_stack; /* newest first, RCU */
	struct ftrace_ops fops; /* the handler (IPMODIFY) */
	bool handler_on; /* fops is registered */

	/* direct mode: the fentry site calls a trampoline slot */
	struct ftrace_ops *dops; /* registered direct ops, or NULL */
	int slot; /* the slot it calls; -1: parked (calls suture_tramp_ret) */
	void *direct_to; /* the new function the slot jumps to */
	const char *why; /* handler mode: why not direct (static) */
	int why_err; /* and the error ftrace gave, if any */
};

/* direct.c */
int suture_direct_leave(struct suture_ops *ops);
void suture_direct_drop(struct suture_ops *ops);
void suture_direct_try(struct suture_ops *ops);
bool suture_direct_wanted(void);
bool suture_direct_active(struct suture_ops *ops);

#endif /* _SUTURE_FOPS_H */
