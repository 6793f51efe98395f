// SPDX-License-Identifier: GPL-2.0
/*
 * direct.c - direct calls into the new function once no transition
 * involves a patched address.
 *
 * While a function is part of a transition, its fentry site calls ftrace's
 * trampoline and the handler (patch.c) picks a version per task.  Once the
 * top func of the address's stack is in no transition and is not a nop,
 * every task runs that func's new function: the site is switched to an
 * ftrace direct call into a slot of the trampoline pool (tramp.S), which
 * drops the return address into the old function and jumps to the new one.
 * A patched call then costs an unpatched call plus a jump.
 *
 * Switching never leaves a moment where a call reaches a wrong version:
 *  - handler -> direct: the direct ops is registered while the handler
 *    still is (ftrace runs both; both send the call to the top func's new
 *    function), then the handler is unregistered;
 *  - direct -> handler: the handler is registered first (it too picks the
 *    top func: no func of the address is in transition yet), then the
 *    direct ops is removed.  Only then may the caller push a func or mark
 *    one in transition.
 * ftrace lets a direct ops and an IPMODIFY ops share a site only with the
 * direct ops' consent (ops_func); we consent only to our own handler, in
 * the task doing the switch.  Another IPMODIFY user (the kernel's
 * livepatch, a kprobe with a post handler) is refused with -EBUSY, as our
 * handler alone would refuse it.  Function tracers and plain kprobes share
 * the site with the direct call (ftrace then calls the slot from its own
 * trampoline, with the same effect).  When ftrace refuses the direct call
 * (a BPF trampoline owns the site: one direct call per site), the address
 * stays on the handler and says why (sysfs "mode").
 *
 * Taking an address back to the handler ("leaving") does not wait: the
 * handler is registered beside the direct ops, then the direct ops is
 * aimed (modify_ftrace_direct) at suture_tramp_ret, which returns to
 * whatever the handler chose: the direct call is "parked" and the handler
 * alone decides.  ftrace's list function runs both meanwhile.  The parked
 * direct ops is reused when the address goes direct again (aimed at a
 * fresh slot), and unregistered only when the address's last func goes
 * or the address stays on the handler for good (unregistering an ops
 * waits for an RCU-tasks grace period inside ftrace).
 *
 * A slot is rewritten only when no task can be in it.  A vacated slot is
 * "draining": still reserved, stamped with a generation.  The reaper
 * (suture_direct_reap(), from a work item, without suture_mutex) waits
 * ONE grace period
 * (synchronize_rcu_tasks_rude() for CPUs and idle, synchronize_rcu_tasks()
 * for preempted tasks) for every slot vacated before it started, then
 * aims them back at the stray target and frees them.  So a transition
 * of N functions costs one grace period for its slots, not N, and no
 * lock of ours is held while it passes.
 *
 * The transition engine switches no task towards its target before the
 * slots vacated so far have drained (suture_direct_drained(), checked at
 * every pass): a task is never switched while it may be inside the slot
 * of a function the transition touches.  (Tasks in the pool are not
 * switched anyway: the engine counts the whole pool, suture_tramp_ret
 * included, as code no task may be switched in, see core.c.)  A task that
 * never leaves a slot makes the transition time out and turn back
 * (consistency/transition.c).  While slots drain, nothing here waits for
 * a grace period with suture_mutex held: going direct keeps the handler
 * registered beside the direct call, and a parked direct call stays,
 * until the reap work, after its grace period, updates every address.
 *
 * Everything here runs with suture_mutex held, except the reaper; the
 * slot bitmaps are under pool_lock.
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/ftrace.h>
#include <linux/moduleparam.h>
#include <linux/bitmap.h>
#include <linux/rcupdate.h>
#include "internal.h"
#include "compat.h"
#include "fops.h"
#include "tramp.h"

typedef void *(*text_poke_copy_t)(void *addr, const void *opcode, size_t len);

/* Module parameter "direct": 0 keeps every address on the handler. */
static bool direct_on = true;

static const char *pool_broken; /* why the pool cannot be used, or NULL */
static unsigned long pool_start, pool_end;

/*
 * Slots: free, in use (an ops' slot) or draining (vacated, waiting for a
 * grace period).  slot_busy covers both of the latter.  The generation of
 * the last vacated slot (drain_gen) and the last one the reaper freed
 * (synced_gen; written under reap_lock too) say whether any is draining.
 */
static DEFINE_MUTEX(pool_lock);
static DEFINE_MUTEX(reap_lock);
static DECLARE_BITMAP(slot_busy, SUTURE_TRAMP_SLOTS);
static DECLARE_BITMAP(slot_draining, SUTURE_TRAMP_SLOTS);
static u64 slot_gen[SUTURE_TRAMP_SLOTS];
static u64 drain_gen, synced_gen;

static void reap_fn(struct work_struct *w);
static DECLARE_WORK(reap_work, reap_fn);

/* The task switching a site: the only one our direct ops shares with. */
static struct task_struct *switching;

/**
 * suture_tramp_stray() - a trampoline slot not in use was entered
 *
 * Slots not in use jump here.  Reaching it means a direct call survived
 * the release of its slot: stop rather than run some function.
 */
void suture_tramp_stray(void)
{
	BUG();
}

static unsigned long slot_target(int slot)
{
	unsigned long jmp = suture_tramp_table[slot].jmp;
	s32 rel;

	memcpy(&rel, (void *)(jmp + 1), sizeof(rel));
	return jmp + 5 + (long)rel;
}

/* Write the slot's jmp displacement: the slot then jumps to @to. */
static int slot_aim(int slot, unsigned long to)
{
	unsigned long jmp = suture_tramp_table[slot].jmp;
	text_poke_copy_t poke = suture_ksym("text_poke_copy");
	s64 rel = (s64)to - (s64)(jmp + 5);
	s32 rel32 = (s32)rel;

	if (rel != rel32)
		return -ERANGE;
	if (!poke || !poke((void *)(jmp + 1), &rel32, sizeof(rel32)))
		return -EFAULT;
	return 0;
}

/* No task or CPU is in the slot: back to the stray target (pool_lock). */
static void slot_free(int slot)
{
	lockdep_assert_held(&pool_lock);
	if (slot_aim(slot, (unsigned long)suture_tramp_stray))
		pr_warn("trampoline slot %d could not be reset; it stays reserved\n",
			slot);
	else
		clear_bit(slot, slot_busy);
}

/* A slot nobody has entered yet (never registered): free it now. */
static void slot_put(int slot)
{
	mutex_lock(&pool_lock);
	slot_free(slot);
	mutex_unlock(&pool_lock);
}

/*
 * The direct ops no longer calls @slot: it drains (stays reserved) until
 * a grace period that begins after this call has passed; the reaper then
 * frees it.
 */
static void slot_vacate(int slot)
{
	mutex_lock(&pool_lock);
	set_bit(slot, slot_draining);
	slot_gen[slot] = ++drain_gen;
	mutex_unlock(&pool_lock);
	schedule_work(&reap_work);
}

/* Reserve a free slot: its index, or SUTURE_TRAMP_SLOTS when none is. */
static int slot_reserve(void)
{
	int slot;

	mutex_lock(&pool_lock);
	slot = find_first_zero_bit(slot_busy, SUTURE_TRAMP_SLOTS);
	if (slot < SUTURE_TRAMP_SLOTS)
		set_bit(slot, slot_busy);
	mutex_unlock(&pool_lock);
	return slot;
}

/* No CPU runs ftrace's list walk over a removed ops, no task is in a slot. */
static void direct_sync(void)
{
	suture_sync_handlers();
	synchronize_rcu_tasks();
}

/**
 * suture_direct_reap() - free the slots vacated so far, after a grace period
 *
 * Waits (one RCU-tasks-rude and one RCU-tasks grace period, without
 * suture_mutex: it must not be held by the caller, who may be the
 * transition engine's worker or the reap work) until no task or CPU can
 * be inside a slot vacated before this call, then frees those slots.
 * Returns at once when none is draining.
 */
void suture_direct_reap(void)
{
	u64 target;
	int slot;

	mutex_lock(&reap_lock);
	mutex_lock(&pool_lock);
	target = drain_gen;
	mutex_unlock(&pool_lock);
	if (target != synced_gen) {
		/* the vacating ftrace calls returned before target was read */
		direct_sync();
		mutex_lock(&pool_lock);
		for_each_set_bit(slot, slot_draining, SUTURE_TRAMP_SLOTS) {
			if (slot_gen[slot] > target)
				continue;
			clear_bit(slot, slot_draining);
			slot_free(slot);
		}
		synced_gen = target;
		mutex_unlock(&pool_lock);
	}
	mutex_unlock(&reap_lock);
}

/*
 * The reap work: after the grace period, addresses kept on the handler
 * beside their direct call while slots drained (direct_enter()) lose it.
 */
static void reap_fn(struct work_struct *w)
{
	suture_direct_reap();
	mutex_lock(&suture_mutex);
	if (suture_direct_drained())
		suture_direct_update();
	mutex_unlock(&suture_mutex);
}

/**
 * suture_direct_reap_async() - have the reap work free the drained slots
 *
 * For callers that must not wait for the grace period (the transition
 * engine): suture_direct_drained() says when it is done.
 */
void suture_direct_reap_async(void)
{
	schedule_work(&reap_work);
}

/**
 * suture_direct_drained() - no vacated slot is waiting for its grace period
 *
 * The transition engine switches tasks only when this holds.
 */
bool suture_direct_drained(void)
{
	bool drained;

	mutex_lock(&pool_lock);
	drained = synced_gen == drain_gen;
	mutex_unlock(&pool_lock);
	return drained;
}

/**
 * suture_direct_exit() - the reaper is done (suture.ko unloading)
 */
void suture_direct_exit(void)
{
	flush_work(&reap_work);
	suture_direct_reap();
}

/*
 * The guard of the sysctl kernel.ftrace_enabled.  ftrace refuses to be
 * turned off while an ops with FTRACE_OPS_FL_PERMANENT is registered; the
 * handler's ops has that flag, but a direct ops cannot (ftrace sets its
 * flags itself).  Turning ftrace off would silently take every direct call
 * out of its site, i.e. run the unpatched functions again.  So while any
 * address is direct, this ops is registered with the flag on a function of
 * ours that nothing calls.
 */
static noinline void suture_direct_guarded(void)
{
	barrier();
}

static void notrace guard_func(unsigned long ip, unsigned long parent_ip,
			       struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

/*
 * Allocated for each period with direct calls: ftrace_free_filter() leaves
 * the ops' hash pointers dangling, so an ops is never registered again.
 */
static struct ftrace_ops *guard_ops;
static unsigned int guard_users;

/* One more direct call: the guard is registered.  Return 0 or an error. */
static int __maybe_unused guard_get(void)
{
	struct ftrace_ops *g;
	unsigned long site;
	int ret;

	if (guard_users) {
		guard_users++;
		return 0;
	}
	site = suture_fentry_site((unsigned long)suture_direct_guarded);
	if (!site)
		return -ENOENT;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->func = guard_func;
	g->flags = FTRACE_OPS_FL_PERMANENT;
	ret = ftrace_set_filter_ip(g, site, 0, 1);
	if (!ret)
		ret = register_ftrace_function(g);
	if (ret) {
		ftrace_free_filter(g);
		kfree(g);
		return ret;
	}
	guard_ops = g;
	guard_users = 1;
	return 0;
}

/* One direct call less: the last one takes the guard away. */
static void guard_put(void)
{
	if (WARN_ON_ONCE(!guard_users) || --guard_users)
		return;
	if (unregister_ftrace_function(guard_ops)) {
		pr_err("cannot remove the guard of ftrace_enabled; it stays\n");
		guard_users = 1;
		return;
	}
	/* unregister waited until no CPU runs the ops */
	ftrace_free_filter(guard_ops);
	kfree(guard_ops);
	guard_ops = NULL;
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
static int direct_ops_func(struct ftrace_ops *op, enum ftrace_ops_cmd cmd)
{
	switch (cmd) {
	case FTRACE_OPS_CMD_ENABLE_SHARE_IPMODIFY_SELF:
	case FTRACE_OPS_CMD_ENABLE_SHARE_IPMODIFY_PEER:
		/* our own handler during a switch, nobody else */
		return READ_ONCE(switching) == current ? 0 : -EBUSY;
	default:
		return 0;
	}
}
#endif

/* Where the address's direct ops sends calls now: a slot or the parking. */
static unsigned long dops_addr(struct suture_ops *ops)
{
	return ops->slot >= 0 ? suture_tramp_table[ops->slot].entry :
				(unsigned long)suture_tramp_ret;
}

static bool direct_active(struct suture_ops *ops)
{
	return ops->dops && ops->slot >= 0;
}

/**
 * suture_direct_active() - does the address's fentry site call its slot?
 * @ops: a patched address (suture_mutex held)
 */
bool suture_direct_active(struct suture_ops *ops)
{
	return direct_active(ops);
}

/**
 * suture_direct_wanted() - is the fast path turned on (parameter direct)?
 */
bool suture_direct_wanted(void)
{
	return READ_ONCE(direct_on);
}

/**
 * suture_direct_pool() - the code range of every trampoline slot
 * @start: first byte
 * @end:   one past the last byte (suture_tramp_ret included)
 */
void suture_direct_pool(unsigned long *start, unsigned long *end)
{
	*start = pool_start;
	*end = pool_end;
}

/* Register the handler beside the direct ops (both choose the top func). */
static int handler_back(struct suture_ops *ops, const char *name)
{
	int ret;

	if (ops->handler_on)
		return 0;
	WRITE_ONCE(switching, current);
	ret = register_ftrace_function(&ops->fops);
	WRITE_ONCE(switching, NULL);
	if (ret) {
		pr_err("cannot take %s off its direct call: ftrace refused the handler (%d); the call stays direct, nothing else changed\n",
		       name, ret);
		return ret;
	}
	ops->handler_on = true;
	return 0;
}

static const char *top_name(struct suture_ops *ops)
{
	struct suture_func *top;

	top = list_first_entry_or_null(&ops->func_stack, struct suture_func,
				       stack_node);
	return top ? top->old_name : "?";
}

/**
 * suture_direct_leave() - send the address's calls through the handler
 * @ops: a patched address
 *
 * The handler is registered (if it was not) and the direct call parked
 * on suture_tramp_ret; the slot drains.  Nothing here waits for a grace
 * period.
 *
 * Return: 0 (the address is on the handler), or the error ftrace gave;
 * then the address stays direct and the caller must not start anything
 * that needs the handler.
 */
int suture_direct_leave(struct suture_ops *ops)
{
	const char *name = top_name(ops);
	int ret;

	lockdep_assert_held(&suture_mutex);
	if (!direct_active(ops))
		return 0;
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
	ret = handler_back(ops, name);
	if (ret)
		return ret;
	WRITE_ONCE(switching, current);
	ret = suture_direct_modify(ops->dops, (unsigned long)suture_tramp_ret);
	WRITE_ONCE(switching, NULL);
	if (ret) {
		pr_err("cannot take %s off its direct call: ftrace refused to move it (%d); it stays direct beside the handler, nothing else changed\n",
		       name, ret);
		return ret;
	}
#endif
	slot_vacate(ops->slot);
	ops->slot = -1;
	ops->direct_to = NULL;
	ops->why = "switched back";
	ops->why_err = 0;
	return 0;
}

/**
 * suture_direct_drop() - unregister the address's direct ops, if any
 * @ops: an address whose last func is going, or that stays on the
 *       handler; if the direct call is active, the handler is not on
 *       (module unloading and ftrace refused to take it back): calls
 *       run the original function from here on
 *
 * ftrace waits for an RCU-tasks grace period here (the ops is not in the
 * kernel's core data).
 */
void suture_direct_drop(struct suture_ops *ops)
{
	if (!ops->dops)
		return;
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
	if (suture_direct_unregister(ops->dops, dops_addr(ops))) {
		pr_err("cannot remove a direct call at %pS: it stays (trampoline slot %d stays in use)\n",
		       (void *)ops->loc, ops->slot);
		ops->dops = NULL;
		ops->slot = -1;
		return;
	}
#endif
	kfree(ops->dops);
	ops->dops = NULL;
	if (ops->slot >= 0)
		slot_vacate(ops->slot);
	ops->slot = -1;
	ops->direct_to = NULL;
	guard_put();
}

/* Why the address cannot go direct now (NULL: it can). */
static const char *direct_refusal(struct suture_ops *ops,
				  struct suture_func *top)
{
	if (!READ_ONCE(direct_on))
		return "turned off (parameter direct=0)";
	if (pool_broken)
		return pool_broken;
	if (top->transition)
		return "in transition";
	if (top->nop)
		return "reverting to the original (replace in transition)";
	return NULL;
}

/*
 * A free slot, or SUTURE_TRAMP_SLOTS when none is.  Never waits (the
 * caller holds suture_mutex): when every slot is in use or draining, the
 * address stays on the handler, and the reap work, once the draining
 * slots are free, runs suture_direct_update(), which tries again.
 */
static int slot_get(void)
{
	int slot = slot_reserve();

	if (slot >= SUTURE_TRAMP_SLOTS && !suture_direct_drained())
		schedule_work(&reap_work);
	return slot;
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
/* A new direct ops on @ops->loc calling @slot.  Sets ops->why on error. */
static int dops_new(struct suture_ops *ops, int slot)
{
	struct ftrace_ops *dops;
	int ret;

	ret = guard_get();
	if (ret) {
		ops->why =
			"cannot keep ftrace_enabled on while direct (ftrace refused the guard)";
		ops->why_err = ret;
		return ret;
	}
	dops = kzalloc(sizeof(*dops), GFP_KERNEL);
	if (!dops) {
		ops->why = "out of memory";
		ops->why_err = -ENOMEM;
		guard_put();
		return -ENOMEM;
	}
	dops->ops_func = direct_ops_func;
	ret = ftrace_set_filter_ip(dops, ops->loc, 0, 0);
	if (ret) {
		ops->why = "ftrace refused the filter of the direct call";
		ops->why_err = ret;
		ftrace_free_filter(dops);
		kfree(dops);
		guard_put();
		return ret;
	}
	WRITE_ONCE(switching, current);
	ret = suture_direct_register(dops, suture_tramp_table[slot].entry);
	WRITE_ONCE(switching, NULL);
	if (ret) {
		ops->why =
			ret == -EBUSY ?
				"ftrace: another direct call (BPF trampoline?) owns the site" :
				"ftrace refused the direct call";
		ops->why_err = ret;
		ftrace_free_filter(dops);
		/* ftrace may have made the site call it for a moment */
		direct_sync();
		kfree(dops);
		guard_put();
		return ret;
	}
	ops->dops = dops;
	return 0;
}
#endif

/*
 * The direct call and the handler both run now and agree; the handler
 * goes.  Not while a slot drains: ftrace's removal of the handler waits
 * for an RCU-tasks grace period, with suture_mutex held, and the one the
 * reaper waits for has not ended (a task may stay inside a slot for
 * long); the handler then stays beside the direct call (ftrace's list
 * function runs both) until the reap work comes back.
 */
static void handler_off(struct suture_ops *ops, const char *name)
{
	int ret;

	if (!ops->handler_on || !suture_direct_drained())
		return;
	WRITE_ONCE(switching, current);
	ret = unregister_ftrace_function(&ops->fops);
	WRITE_ONCE(switching, NULL);
	if (ret)
		pr_warn("%s: the handler stays beside the direct call: ftrace refused to remove it (%d)\n",
			name, ret);
	else
		ops->handler_on = false;
}

/* Handler -> direct for @ops, whose top func is @top.  Sets ops->why. */
static void direct_enter(struct suture_ops *ops, struct suture_func *top)
{
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
	unsigned long to = (unsigned long)top->new_func;
	int slot, ret;

	slot = slot_get();
	if (slot >= SUTURE_TRAMP_SLOTS) {
		ops->why =
			suture_direct_drained() ?
				"no free trampoline slot" :
				"no free trampoline slot yet (vacated slots drain)";
		ops->why_err = 0;
		return;
	}
	ret = slot_aim(slot, to);
	if (ret) {
		ops->why = ret == -ERANGE ?
				   "new function out of reach of a rel32 jump" :
				   "cannot write the trampoline (text_poke)";
		ops->why_err = ret;
		slot_put(slot);
		return;
	}
	if (ops->dops) {
		/* parked since the address left: aim it at the slot */
		WRITE_ONCE(switching, current);
		ret = suture_direct_modify(ops->dops,
					   suture_tramp_table[slot].entry);
		WRITE_ONCE(switching, NULL);
		if (ret) {
			ops->why = "ftrace refused to move the direct call";
			ops->why_err = ret;
			slot_put(slot);
			return;
		}
	} else if (dops_new(ops, slot)) {
		/* no task is in the slot (dops_new synchronised if needed) */
		slot_put(slot);
		return;
	}
	ops->slot = slot;
	ops->direct_to = top->new_func;
	ops->why = NULL;
	ops->why_err = 0;

	handler_off(ops, top->old_name);
#else
	ops->why = "kernel without DYNAMIC_FTRACE_WITH_DIRECT_CALLS";
#endif
}

/**
 * suture_direct_try() - the address's mode as its stack now asks
 * @ops: a patched address
 *
 * Direct when the top func is in no transition, not a nop and the fast
 * path is on; the handler otherwise (ops->why says why).  A parked
 * direct call is kept while the top func is in transition (it comes back
 * at the end) and unregistered when the address stays on the handler.
 */
void suture_direct_try(struct suture_ops *ops)
{
	struct suture_func *top;
	const char *why;

	lockdep_assert_held(&suture_mutex);
	top = list_first_entry_or_null(&ops->func_stack, struct suture_func,
				       stack_node);
	if (!top)
		return;
	why = direct_refusal(ops, top);
	if (direct_active(ops) && !why && ops->direct_to == top->new_func) {
		handler_off(ops, top->old_name); /* if it was kept */
		return;
	}
	if (suture_direct_leave(ops))
		return;
	if (!why) {
		direct_enter(ops, top);
	} else {
		ops->why = why;
		ops->why_err = 0;
	}
	if (!direct_active(ops) && ops->dops && !top->transition &&
	    ops->handler_on && suture_direct_drained())
		/*
		 * parked for nothing: the list function costs every call
		 * (kept while slots drain: ftrace's removal would wait for
		 * their grace period, see handler_off())
		 */
		suture_direct_drop(ops);
}

static int direct_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	mutex_lock(&suture_mutex);
	WRITE_ONCE(direct_on, on);
	suture_direct_update();
	mutex_unlock(&suture_mutex);
	return 0;
}

static const struct kernel_param_ops direct_param_ops = {
	.set = direct_set,
	.get = param_get_bool,
};
module_param_cb(direct, &direct_param_ops, &direct_on, 0644);
MODULE_PARM_DESC(
	direct,
	"call the new function directly once no transition involves it (1, default) or always through the ftrace handler (0)");

/**
 * suture_direct_init() - check the trampoline pool as built
 *
 * Every slot must start as "jmp rel32 to suture_tramp_stray" and the
 * slots must follow each other; otherwise direct calls stay off (the
 * handler works as before) and the reason is logged.
 * Return: 0 (a pool that cannot be used is not an error).
 */
int suture_direct_init(void)
{
	int i;

	pool_start = suture_tramp_table[0].entry;
	pool_end = (unsigned long)suture_tramp_end;
	for (i = 0; i < SUTURE_TRAMP_SLOTS; i++) {
		const struct suture_tramp_slot *s = &suture_tramp_table[i];

		if (*(u8 *)s->jmp != 0xe9 ||
		    slot_target(i) != (unsigned long)suture_tramp_stray ||
		    s->jmp < s->entry || s->jmp - s->entry > 16 ||
		    (i && s->entry <= suture_tramp_table[i - 1].jmp)) {
			pool_broken = "trampoline pool not as expected";
			break;
		}
	}
	if (!pool_broken &&
	    ((unsigned long)suture_tramp_ret <=
		     suture_tramp_table[SUTURE_TRAMP_SLOTS - 1].jmp ||
	     (unsigned long)suture_tramp_ret >= pool_end))
		pool_broken = "parking trampoline not after the slots";
	if (!pool_broken && !suture_ksym("text_poke_copy"))
		pool_broken = "text_poke_copy not found";
	if (pool_broken)
		pr_warn("direct calls off: %s (slot %d); patched calls go through the ftrace handler\n",
			pool_broken, i);
	return 0;
}
