// SPDX-License-Identifier: GPL-2.0
/*
 * patch.c - ftrace redirection and the per-function stacks.
 *
 * One ftrace_ops per patched address.  Every patch that replaces the
 * function pushes its suture_func on that address's stack, newest first.
 * The handler runs at the function's fentry site and sets the saved
 * instruction pointer to the new function of the top of the stack, unless
 * the top func is in an open transition and the current task has not
 * switched yet, in which case the next older func (or the original) runs.
 * A "nop" func (pushed by a replace patch for a function it no longer
 * changes) means "run the original".
 *
 * Once no transition involves an address, direct.c replaces the handler
 * by a direct call (suture_direct_update()); every change of a stack here
 * first takes the address back to the handler.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/ftrace.h>
#include <linux/irq_work.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include <linux/rculist.h>
#include "internal.h"
#include "compat.h"
#include "fops.h"

static LIST_HEAD(suture_ops_list);

/*
 * Recursion in the handler (a patched function called from inside the
 * handler's own path, at the same context level): the original runs for
 * that call.  The kernel's livepatch warns about it; we count it
 * (/sys/module/suture/parameters/recursions) and say so once, from an
 * irq_work: the handler may run in any context.
 */
static atomic_long_t suture_recursions = ATOMIC_LONG_INIT(0);
static unsigned long suture_recursion_ip;
static int suture_recursion_warned;

static void recursion_warn(struct irq_work *w)
{
	pr_warn("recursion in the ftrace handler at %pS: the original function ran instead of the patched one (count in /sys/module/suture/parameters/recursions)\n",
		(void *)READ_ONCE(suture_recursion_ip));
}

static DEFINE_IRQ_WORK(suture_recursion_work, recursion_warn);

static void notrace note_recursion(unsigned long ip)
{
	atomic_long_inc(&suture_recursions);
	if (!xchg(&suture_recursion_warned, 1)) {
		WRITE_ONCE(suture_recursion_ip, ip);
		irq_work_queue(&suture_recursion_work);
	}
}

static int recursions_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&suture_recursions));
}

static const struct kernel_param_ops recursions_ops = { .get = recursions_get };
module_param_cb(recursions, &recursions_ops, NULL, 0444);
MODULE_PARM_DESC(recursions,
		 "calls that ran the original because the handler recursed");

/**
 * suture_patch_exit() - no deferred warning of ours is pending
 */
void suture_patch_exit(void)
{
	irq_work_sync(&suture_recursion_work);
}

typedef unsigned long (*ftrace_location_t)(unsigned long ip);

/**
 * suture_fentry_site() - the ftrace call site of a function
 * @addr: the function's address
 *
 * ftrace_location() is not exported; it is among the symbols resolved at
 * load (ksyms.c).  Return: the site, or 0 when the function has none.
 */
unsigned long suture_fentry_site(unsigned long addr)
{
	ftrace_location_t loc = suture_ksym("ftrace_location");

	return loc(addr);
}

static struct suture_ops *find_ops(unsigned long old_addr)
{
	struct suture_ops *ops;

	list_for_each_entry(ops, &suture_ops_list, node)
		if (ops->old_addr == old_addr)
			return ops;
	return NULL;
}

/*
 * The handler's path during a transition: the func for current's state.
 * Out of line, so that the common path (no transition) saves no
 * registers: it then costs what klp's handler does.  Return: the func,
 * or NULL when the original runs.
 */
static noinline notrace struct suture_func *
suture_func_for_task(struct suture_ops *ops, struct suture_func *func)
{
	smp_rmb();
	if (READ_ONCE(suture_arming_patch) == func->obj->patch ||
	    suture_task_state(current) == SUTURE_UNPATCHED) {
		func = list_entry_rcu(func->stack_node.next, struct suture_func,
				      stack_node);
		if (&func->stack_node == &ops->func_stack)
			return NULL;
	}
	return func;
}

static void notrace suture_ftrace_handler(unsigned long ip,
					  unsigned long parent_ip,
					  struct ftrace_ops *fops,
					  struct ftrace_regs *fregs)
{
	struct suture_ops *ops = container_of(fops, struct suture_ops, fops);
	struct suture_func *func;
	int bit;

	/* Also disables preemption: the stacks are RCU(-sched) lists. */
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (unlikely(bit < 0)) {
		note_recursion(ip);
		return;
	}

	func = list_first_or_null_rcu(&ops->func_stack, struct suture_func,
				      stack_node);
	if (unlikely(!func))
		goto out;

	/* Pairs with the smp_wmb() between setting transition and pushing. */
	smp_rmb();
	if (unlikely(READ_ONCE(func->transition))) {
		func = suture_func_for_task(ops, func);
		if (!func)
			goto out;
	}
	if (!func->nop)
		ftrace_regs_set_instruction_pointer(
			fregs, (unsigned long)func->new_func);
out:
	ftrace_test_recursion_unlock(bit);
}

/**
 * suture_func_below() - the func live underneath @func on its stack
 * @func: a patched func
 *
 * Return: the next older func, or NULL when the original runs underneath.
 * Called with suture_mutex held.
 */
struct suture_func *suture_func_below(struct suture_func *func)
{
	struct suture_ops *ops = find_ops(func->old_addr);
	struct suture_func *below;

	if (!ops || !func->patched)
		return NULL;
	below = list_next_entry(func, stack_node);
	if (&below->stack_node == &ops->func_stack)
		return NULL;
	return below;
}

/**
 * suture_patch_func() - push @func on its address's stack, start ftrace
 * @func: a resolved func (old_addr set), not yet patched
 *
 * The caller sets func->transition (and issues smp_wmb()) first when the
 * func is part of a transition.  Return: 0 or an error naming the function.
 */
int suture_patch_func(struct suture_func *func)
{
	const char *pname = func->obj->patch->mod->name;
	unsigned long loc;
	struct suture_ops *ops;
	int ret;

	if (WARN_ON_ONCE(func->patched || !func->old_addr))
		return -EINVAL;

	ops = find_ops(func->old_addr);
	if (ops) {
		/* the handler must see the new func (transition) */
		ret = suture_direct_leave(ops);
		if (ret) {
			pr_err("%s: cannot patch %s in %s: its direct call could not be taken back (%d)\n",
			       pname, func->old_name,
			       suture_obj_name(func->obj), ret);
			return ret;
		}
		list_add_rcu(&func->stack_node, &ops->func_stack);
		func->patched = true;
		return 0;
	}

	loc = suture_fentry_site(func->old_addr);
	if (!loc) {
		pr_err("%s: function %s in %s cannot be patched: it has no ftrace call site (notrace or inlined?)\n",
		       pname, func->old_name, suture_obj_name(func->obj));
		return -EINVAL;
	}
	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	ops->old_addr = func->old_addr;
	ops->loc = loc;
	ops->slot = -1;
	ops->why = "not yet switched";
	INIT_LIST_HEAD(&ops->func_stack);
	ops->fops.func = suture_ftrace_handler;
	ops->fops.flags = FTRACE_OPS_FL_DYNAMIC |
#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
			  FTRACE_OPS_FL_SAVE_REGS |
#endif
			  FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT;
	list_add_rcu(&func->stack_node, &ops->func_stack);

	ret = ftrace_set_filter_ip(&ops->fops, loc, 0, 0);
	if (ret) {
		pr_err("%s: cannot set the ftrace filter on %s in %s (%d)\n",
		       pname, func->old_name, suture_obj_name(func->obj), ret);
		goto free;
	}
	ret = register_ftrace_function(&ops->fops);
	if (ret) {
		pr_err("%s: cannot redirect %s in %s: ftrace refused (%d)%s\n",
		       pname, func->old_name, suture_obj_name(func->obj), ret,
		       ret == -EBUSY ?
			       ": another user (kernel livepatch?) already modifies this function, or ftrace is off (sysctl kernel.ftrace_enabled)" :
			       "");
		ftrace_set_filter_ip(&ops->fops, loc, 1, 0);
		goto free;
	}
	ops->handler_on = true;
	list_add(&ops->node, &suture_ops_list);
	func->patched = true;
	return 0;
free:
	list_del_rcu(&func->stack_node);
	kfree(ops);
	return ret;
}

/**
 * suture_unpatch_func() - pop @func from its stack, stop ftrace when empty
 * @func: a patched func
 *
 * Handlers may still see @func until suture_sync_handlers() returns.
 */
void suture_unpatch_func(struct suture_func *func)
{
	struct suture_ops *ops;

	if (!func->patched)
		return;
	ops = find_ops(func->old_addr);
	if (WARN_ON_ONCE(!ops))
		return;

	/*
	 * Callers took the address back to the handler before its funcs
	 * changed (a transition, a module going): this is only a fallback.
	 */
	if (WARN_ON_ONCE(suture_direct_leave(ops)))
		suture_direct_drop(ops);

	if (list_is_singular(&ops->func_stack)) {
		/* a direct call parked since the address left */
		suture_direct_drop(ops);
		/* unregister_ftrace_function() waits for running handlers */
		if (ops->handler_on && unregister_ftrace_function(&ops->fops))
			pr_err("%s: ftrace refused to unregister %s\n",
			       func->obj->patch->mod->name, func->old_name);
		ftrace_set_filter_ip(&ops->fops, ops->loc, 1, 0);
		list_del_rcu(&func->stack_node);
		list_del(&ops->node);
		kfree(ops);
	} else {
		list_del_rcu(&func->stack_node);
	}
	func->patched = false;
}

/**
 * suture_patch_object() - redirect every func of a resolved object
 * @obj: object with its target present
 *
 * Return: 0, or an error after undoing the funcs this call patched.
 */
int suture_patch_object(struct suture_object *obj)
{
	struct suture_func *func;
	int ret;

	suture_for_each_fn(obj, func) {
		if (func->patched)
			continue;
		ret = suture_patch_func(func);
		if (ret) {
			suture_unpatch_object(obj, false);
			return ret;
		}
	}
	obj->patched = true;
	return 0;
}

/**
 * suture_unpatch_object() - pop the funcs of @obj from their stacks
 * @obj:       the object
 * @nops_only: only the nop funcs (a replace patch completed)
 */
void suture_unpatch_object(struct suture_object *obj, bool nops_only)
{
	struct suture_func *func;

	suture_for_each_fn(obj, func) {
		if (nops_only && !func->nop)
			continue;
		suture_unpatch_func(func);
	}
	if (!nops_only)
		obj->patched = false;
}

/**
 * suture_sync_handlers() - wait until no handler runs with old state
 *
 * Handlers run with preemption disabled, possibly where RCU does not watch;
 * once every CPU has scheduled (RCU-tasks-rude), none still looks at a func
 * popped or changed before this call.
 */
void suture_sync_handlers(void)
{
	synchronize_rcu_tasks_rude();
}

/**
 * suture_direct_update() - each address direct or on the handler, as due
 *
 * Called with suture_mutex held whenever transitions end or stacks change
 * outside one (module notifier, failed enable) and when the parameter
 * "direct" changes.
 */
void suture_direct_update(void)
{
	struct suture_ops *ops;

	lockdep_assert_held(&suture_mutex);
	list_for_each_entry(ops, &suture_ops_list, node)
		suture_direct_try(ops);
}

/**
 * suture_direct_leave_patch() - addresses of @patch's funcs to the handler
 * @patch: a patch about to start a transition (suture_mutex held)
 *
 * Return: 0, or the first error (the addresses done stay on the handler,
 * which is always correct).
 */
int suture_direct_leave_patch(struct suture_patch *patch)
{
	struct suture_object *obj;
	struct suture_func *func;
	struct suture_ops *ops;
	int ret;

	suture_for_each_obj(patch, obj) {
		suture_for_each_fn(obj, func) {
			if (!func->patched)
				continue;
			ops = find_ops(func->old_addr);
			if (!ops)
				continue;
			ret = suture_direct_leave(ops);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/**
 * suture_func_mode() - sysfs "mode" of a func
 * @func: the func
 * @buf:  a sysfs page
 *
 * "direct", "handler: REASON", "superseded" (a newer patch's func is on
 * top of the address) or "none" (not patched).
 */
ssize_t suture_func_mode(struct suture_func *func, char *buf)
{
	struct suture_ops *ops;
	ssize_t n;

	mutex_lock(&suture_mutex);
	ops = func->patched ? find_ops(func->old_addr) : NULL;
	if (!ops)
		n = sysfs_emit(buf, "none\n");
	else if (list_first_entry(&ops->func_stack, struct suture_func,
				  stack_node) != func)
		n = sysfs_emit(buf, "superseded\n");
	else if (suture_direct_active(ops))
		n = sysfs_emit(buf, "direct\n");
	else if (func->transition)
		n = sysfs_emit(buf, "handler: in transition\n");
	else if (ops->why_err)
		n = sysfs_emit(buf, "handler: %s (%d)\n", ops->why,
			       ops->why_err);
	else
		n = sysfs_emit(buf, "handler: %s\n", ops->why ? ops->why : "?");
	mutex_unlock(&suture_mutex);
	return n;
}
