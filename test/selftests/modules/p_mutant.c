// SPDX-License-Identifier: GPL-2.0
/*
 * p_mutant - a generator of corrupted patch modules.  With mutant=0 it is a
 * valid patch (/proc/cmdline reads "suture-mutant"; two relocation records
 * to vmlinux's nr_processes and total_forks); mutant=N (1 <= N < count)
 * corrupts its records in one way, within the ABI of suture.h (bad names,
 * wild or foreign pointers, overlapping or out-of-module relocations,
 * duplicates, huge counts), before registering.  Every mutant must be
 * refused by suture.ko with a message, the kernel left unchanged.
 * The parameter "count" tells how many mutants there are (incl. 0).
 */
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "selftest.h"

#define WILD ((void *)0xdead000000000400UL) /* non-canonical */

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "suture-mutant\n");
	return 0;
}

static unsigned long slot_procs, slot_forks; /* R_X86_64_64 places */
static unsigned long init_slot __initdata;
static char long_name[80] =
	"a-module-name-far-longer-than-the-kernel-allows-for-any-module";
static const char empty[] = "";

static struct suture_func funcs[4];
static struct suture_reloc relocs[4];
static struct suture_object objs[4];
static struct suture_patch patch = { .mod = THIS_MODULE, .objs = objs };
static void *heap; /* a block some mutants point into, freed at exit */

static int mutant;
module_param(mutant, int, 0444);

static void __init base(void)
{
	funcs[0] = (struct suture_func){ .old_name = "cmdline_proc_show",
					 .new_func = new_cmdline_proc_show };
	relocs[0] = (struct suture_reloc){ .place = &slot_procs,
					   .name = "nr_processes",
					   .type = R_X86_64_64 };
	relocs[1] = (struct suture_reloc){ .place = &slot_forks,
					   .name = "total_forks",
					   .type = R_X86_64_64 };
	objs[0] = (struct suture_object){ .funcs = funcs,
					  .relocs = relocs,
					  .nr_relocs = 2 };
}

static void *__init heap_copy(const void *src, size_t len)
{
	heap = kmemdup(src, len, GFP_KERNEL);
	return heap ? heap : WILD;
}

static void __init m_none(void)
{
}

/* Each mutant: a description and what it does to the valid records. */
struct mutant {
	const char *desc;
	void (*apply)(void);
};

static void __init m_name_null_mid(void)
{
	funcs[1] = funcs[0];
	funcs[0].old_name = NULL;
}

static void __init m_name_empty(void)
{
	funcs[0].old_name = empty;
}

static void __init m_name_heap(void)
{
	funcs[0].old_name = heap_copy("cmdline_proc_show", 18);
}

static void __init m_name_wild(void)
{
	funcs[0].old_name = WILD;
}

static void __init m_new_func_null(void)
{
	funcs[0].new_func = NULL;
}

static void __init m_new_func_data(void)
{
	funcs[0].new_func = &slot_procs;
}

static void __init m_new_func_vmlinux(void)
{
	funcs[0].new_func = (void *)msleep;
}

static void __init m_func_twice(void)
{
	funcs[1] = funcs[0];
}

static void __init m_func_twice_pos(void)
{
	funcs[1] = funcs[0];
	funcs[1].old_sympos = 1;
}

static void __init m_func_unterminated(void)
{
	funcs[1] = funcs[0];
	funcs[1].old_name = "version_proc_show";
	objs[0].funcs = heap_copy(funcs, 2 * sizeof(funcs[0]));
}

static void __init m_funcs_wild(void)
{
	objs[0].funcs = WILD;
}

static void __init m_funcs_vmlinux(void)
{
	objs[0].funcs = (void *)&jiffies;
}

static void __init m_obj_name_empty(void)
{
	objs[0].name = empty;
}

static void __init m_obj_name_vmlinux(void)
{
	objs[0].name = "vmlinux";
}

static void __init m_obj_name_long(void)
{
	objs[0].name = long_name;
}

static void __init m_obj_twice(void)
{
	objs[1] = objs[0];
	objs[1].relocs = NULL;
	objs[1].nr_relocs = 0;
}

static void __init m_obj_name_only(void)
{
	objs[1] = objs[0];
	objs[0] = (struct suture_object){ .name = "st_target" };
}

static void __init m_obj_nr_relocs_only(void)
{
	objs[1] = (struct suture_object){ .nr_relocs = 3 };
}

static void __init m_callback_data(void)
{
	objs[0].callbacks.pre_patch = (void *)&slot_forks;
}

static void __init m_callback_vmlinux(void)
{
	objs[0].callbacks.post_unpatch = (void *)msleep;
}

static void __init m_objs_wild(void)
{
	patch.objs = WILD;
}

static void __init m_objs_empty(void)
{
	objs[0] = (struct suture_object){};
}

static void __init m_nr_relocs_huge(void)
{
	objs[0].nr_relocs = 1U << 30;
}

static void __init m_nr_relocs_over(void)
{
	objs[0].nr_relocs = 5; /* relocs[] has 4 */
}

static void __init m_relocs_null(void)
{
	objs[0].relocs = NULL;
}

static void __init m_reloc_name_null(void)
{
	relocs[1].name = NULL;
}

static void __init m_reloc_name_wild(void)
{
	relocs[1].name = WILD;
}

static void __init m_reloc_type(void)
{
	relocs[1].type = R_X86_64_GOTPCREL;
}

static void __init m_place_heap(void)
{
	relocs[1].place = heap_copy(&slot_forks, sizeof(slot_forks));
}

static void __init m_place_wild(void)
{
	relocs[1].place = WILD;
}

static void __init m_place_wrap(void)
{
	relocs[1].place = (void *)-4UL;
}

static void __init m_place_vmlinux(void)
{
	relocs[1].place = (void *)&jiffies;
}

static void __init m_place_module(void)
{
	relocs[1].place = THIS_MODULE;
}

static void __init m_place_module_name(void)
{
	relocs[1].place = THIS_MODULE->name;
	relocs[1].type = R_X86_64_PC32;
}

static void __init m_place_patch(void)
{
	relocs[1].place = &patch.objs;
}

static void __init m_place_funcs(void)
{
	relocs[1].place = &funcs[0].new_func;
}

static void __init m_place_relocs(void)
{
	relocs[1].place = &relocs[0].name;
}

static void __init m_place_objs(void)
{
	relocs[1].place = &objs[1]; /* the terminator */
}

static void __init m_place_string(void)
{
	relocs[1].place = long_name;
	funcs[0].old_name = long_name;
	strscpy(long_name, "cmdline_proc_show", sizeof(long_name));
}

static void __init m_place_overlap(void)
{
	relocs[1].place = (char *)&slot_procs + 4;
	relocs[1].type = R_X86_64_32;
}

static void __init m_place_same(void)
{
	relocs[1].place = &slot_procs;
}

static void __init m_place_init(void)
{
	/* a module object: applied after the module's init memory is gone */
	objs[1] = (struct suture_object){ .name = "st_target",
					  .relocs = &relocs[2],
					  .nr_relocs = 1 };
	relocs[2] = (struct suture_reloc){ .place = &init_slot,
					   .name = "st_base",
					   .type = R_X86_64_64 };
}

static void __init m_sympos_huge(void)
{
	funcs[0].old_sympos = 1000000;
}

static void __init m_missing_func(void)
{
	funcs[0].old_name = "suture_no_such_function";
}

static void __init m_missing_reloc(void)
{
	relocs[0].name = "suture_no_such_symbol";
}

static void __init m_size(void)
{
	funcs[0].old_size = 3;
}

static void __init m_func_not_traceable(void)
{
	funcs[0].old_name = "total_forks"; /* data: no ftrace call site */
}

static const struct mutant mutants[] __initconst = {
	{ "valid patch", m_none },
	{ "func without old_name before a real one", m_name_null_mid },
	{ "func old_name empty", m_name_empty },
	{ "func old_name outside the module (heap)", m_name_heap },
	{ "func old_name wild pointer", m_name_wild },
	{ "func new_func NULL", m_new_func_null },
	{ "func new_func in module data", m_new_func_data },
	{ "func new_func in vmlinux", m_new_func_vmlinux },
	{ "func replaced twice", m_func_twice },
	{ "func replaced twice (sympos 0 and 1)", m_func_twice_pos },
	{ "funcs array without terminator (heap block)", m_func_unterminated },
	{ "funcs pointer wild", m_funcs_wild },
	{ "funcs pointer into vmlinux data", m_funcs_vmlinux },
	{ "object name empty", m_obj_name_empty },
	{ "object named vmlinux", m_obj_name_vmlinux },
	{ "object name longer than a module name", m_obj_name_long },
	{ "two vmlinux objects", m_obj_twice },
	{ "object with a name only, before a real one", m_obj_name_only },
	{ "terminator with nr_relocs set", m_obj_nr_relocs_only },
	{ "callback in module data", m_callback_data },
	{ "callback in vmlinux", m_callback_vmlinux },
	{ "objs pointer wild", m_objs_wild },
	{ "no object at all", m_objs_empty },
	{ "nr_relocs 2^30", m_nr_relocs_huge },
	{ "nr_relocs past the array and the module data", m_nr_relocs_over },
	{ "relocs NULL with nr_relocs 2", m_relocs_null },
	{ "reloc name NULL", m_reloc_name_null },
	{ "reloc name wild", m_reloc_name_wild },
	{ "reloc type unsupported", m_reloc_type },
	{ "reloc place on the heap", m_place_heap },
	{ "reloc place wild", m_place_wild },
	{ "reloc place wrapping around", m_place_wrap },
	{ "reloc place in vmlinux", m_place_vmlinux },
	{ "reloc place on struct module", m_place_module },
	{ "reloc place on the module's name", m_place_module_name },
	{ "reloc place on the patch record", m_place_patch },
	{ "reloc place on a func record", m_place_funcs },
	{ "reloc place on a reloc record", m_place_relocs },
	{ "reloc place on the objs terminator", m_place_objs },
	{ "reloc place on a name the core reads", m_place_string },
	{ "two relocs overlapping", m_place_overlap },
	{ "two relocs at one place", m_place_same },
	{ "reloc place in init memory for a module target", m_place_init },
	{ "func sympos 1000000", m_sympos_huge },
	{ "func not in the kernel", m_missing_func },
	{ "reloc symbol not in the kernel", m_missing_reloc },
	{ "func size mismatch", m_size },
	{ "func that is data (no ftrace site)", m_func_not_traceable },
};

static int count = ARRAY_SIZE(mutants);
module_param(count, int, 0444);

static int __init p_mutant_init(void)
{
	int ret;

	if (mutant < 0 || mutant >= count)
		return -EINVAL;
	base();
	mutants[mutant].apply();
	pr_info("p_mutant: mutant %d: %s\n", mutant, mutants[mutant].desc);
	ret = suture_register_patch(&patch);
	if (ret)
		kfree(heap);
	return ret;
}

static void __exit p_mutant_exit(void)
{
	suture_unregister_patch(&patch);
	kfree(heap);
}

module_init(p_mutant_init);
module_exit(p_mutant_exit);
MODULE_LICENSE("GPL");
