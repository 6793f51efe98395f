// SPDX-License-Identifier: GPL-2.0
/*
 * cons_park (cons_park_main.c, cons_park_stub.S) - park a task inside a
 * direct-call trampoline slot of suture.ko, deterministically, for
 * test/consistency/vm/direct-park.sh.
 *
 * At load, cons_target_probe() must be called directly (mode "direct"):
 * its fentry site is then "call SLOT" into suture.ko's pool, and the slot
 * is "[endbr64] add $8,%rsp; jmp NEW".  A kprobe on that jmp (the return
 * address into the old function already dropped: the window a preempted
 * task can be in) sends the first user task that reaches it after "arm" to
 * cons_park_stub (cons_park_stub.S) as if the slot had called it: the
 * task's stack then shows the slot, as a task preempted there would.  The
 * stub spins in cons_park_wait() with cond_resched() (involuntary
 * switches only: for RCU-tasks the task stays inside the trampoline)
 * until "release", then returns to the jmp (the kprobe is gone by then).
 *
 * /proc/cons_park: read "parked N\npid PID\nslot ADDR\n"; write arm | release
 * ("release" removes the kprobe first; load the module again to park
 * once more).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

void cons_park_stub(void);
void cons_park_wait(void);

static bool armed, released;
static struct task_struct *parked_task;
static pid_t parked_pid;
static atomic_t parked_now;
static struct kprobe park_kp;
static unsigned long slot_jmp;

void cons_park_wait(void)
{
	atomic_set(&parked_now, 1);
	while (!READ_ONCE(released))
		cond_resched();
	atomic_set(&parked_now, 0);
}

static int park_pre(struct kprobe *p, struct pt_regs *regs)
{
	/*
	 * Once: the first user task after "arm" (not the kthread cons_ticker,
	 * which calls the function too); its second pass runs the jmp.
	 */
	if (!READ_ONCE(armed) || (current->flags & PF_KTHREAD) ||
	    cmpxchg(&parked_task, NULL, current))
		return 0;
	WRITE_ONCE(parked_pid, task_pid_nr(current));
	WRITE_ONCE(armed, false);
	/* as a call from the slot's jmp: int3 leaves a gap for one push */
	regs->sp -= sizeof(unsigned long);
	*(unsigned long *)regs->sp = (unsigned long)p->addr;
	regs->ip = (unsigned long)cons_park_stub;
	return 1;
}

/* a post handler keeps the kprobe from being optimised into a jump */
static void park_post(struct kprobe *p, struct pt_regs *regs,
		      unsigned long flags)
{
}

static bool probed;

static void park_unprobe(void)
{
	if (probed)
		unregister_kprobe(&park_kp);
	probed = false;
}

static int park_show(struct seq_file *m, void *v)
{
	seq_printf(m, "parked %d\npid %d\nslot %px\n", atomic_read(&parked_now),
		   READ_ONCE(parked_pid), (void *)slot_jmp);
	return 0;
}

static int park_open(struct inode *inode, struct file *file)
{
	return single_open(file, park_show, NULL);
}

static ssize_t park_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	char buf[16];
	size_t n = min(count, sizeof(buf) - 1);

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	if (!strncmp(buf, "arm", 3)) {
		WRITE_ONCE(parked_task, NULL);
		WRITE_ONCE(released, false);
		WRITE_ONCE(armed, true);
	} else if (!strncmp(buf, "release", 7)) {
		/*
		 * The kprobe goes first: the parked task then runs the slot's
		 * own jmp, and no later user of the slot meets a kprobe that
		 * copied its old displacement.
		 */
		WRITE_ONCE(armed, false);
		park_unprobe();
		WRITE_ONCE(released, true);
	} else {
		return -EINVAL;
	}
	return count;
}

static const struct proc_ops park_ops = {
	.proc_open = park_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = park_write,
};

static const u8 endbr[] = { 0xf3, 0x0f, 0x1e, 0xfa };

/*
 * The address of a kernel symbol (a kprobe resolves it).  On IBT kernels
 * (Debian 6.12) a kprobe on a function's entry lands after its endbr64
 * (arch_adjust_kprobe_addr): step back over it.
 */
static unsigned long sym_addr(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long a;

	if (register_kprobe(&kp))
		return 0;
	a = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	if (!memcmp((u8 *)a - sizeof(endbr), endbr, sizeof(endbr)))
		a -= sizeof(endbr);
	return a;
}

/* cons_target_probe's site "call SLOT", the slot's jmp: 0 if not so. */
static unsigned long find_slot_jmp(void)
{
	static const u8 add8[] = { 0x48, 0x83, 0xc4, 0x08 };
	unsigned long f = sym_addr("cons_target_probe"), slot;
	unsigned long pool = sym_addr("suture_tramp_000");
	unsigned long pool_end = sym_addr("suture_tramp_ret");
	s32 rel;
	u8 *p;

	if (!f || !pool || !pool_end)
		return 0;
	p = (u8 *)f;
	if (!memcmp(p, endbr, sizeof(endbr)))
		p += sizeof(endbr);
	if (p[0] != 0xe8)
		return 0;
	memcpy(&rel, p + 1, sizeof(rel));
	slot = (unsigned long)p + 5 + rel;
	/* suture.ko's slots lie between its first one and suture_tramp_ret */
	if (slot < pool || slot >= pool_end)
		return 0;
	p = (u8 *)slot;
	if (!memcmp(p, endbr, sizeof(endbr)))
		p += sizeof(endbr);
	if (memcmp(p, add8, sizeof(add8)) || p[sizeof(add8)] != 0xe9)
		return 0;
	return (unsigned long)p + sizeof(add8);
}

static int __init cons_park_init(void)
{
	int ret;

	slot_jmp = find_slot_jmp();
	if (!slot_jmp) {
		pr_err("cons_park: cons_target_probe is not called through a suture.ko trampoline slot\n");
		return -ENOENT;
	}
	park_kp.addr = (kprobe_opcode_t *)slot_jmp;
	park_kp.pre_handler = park_pre;
	park_kp.post_handler = park_post;
	ret = register_kprobe(&park_kp);
	if (ret) {
		pr_err("cons_park: cannot probe the slot's jmp at %px (%d)\n",
		       (void *)slot_jmp, ret);
		return ret;
	}
	probed = true;
	proc_create("cons_park", 0600, NULL, &park_ops);
	return 0;
}

static void __exit cons_park_exit(void)
{
	WRITE_ONCE(released, true);
	remove_proc_entry("cons_park", NULL);
	park_unprobe();
}

module_init(cons_park_init);
module_exit(cons_park_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Suture consistency tests: a task parked in a trampoline");
