// SPDX-License-Identifier: GPL-2.0
/*
 * A patch that calls a non-exported function (nr_processes) and reads a
 * non-exported variable (total_forks) of vmlinux through relocation
 * records, as generated patch modules do.  /proc/cmdline reads
 * "forks=F procs=P same=S": S is 1 when the four relocation types
 * (64 in writable data; PC32 in read-only text; PC32, PLT32 and 32S in
 * read-only data; read-only places written with text_poke) all agree.
 */
#include <linux/seq_file.h>
#include <linux/elf.h>
#include "selftest.h"

static unsigned long *total_forks_p; /* R_X86_64_64 */
static int (*nr_processes_p)(void); /* R_X86_64_64 */
static const s32 forks_pc32 __section(".rodata"); /* PC32, A = 0 */
static const s32 forks_32s __section(".rodata"); /* 32S, A = 0 */
static const s32 nr_plt32 __section(".rodata"); /* PLT32, A = -4 */

/*
 * A place in read-only text: "lea total_forks(%rip), %rax", its 32-bit
 * displacement (3 bytes in) filled by a PC32 record with addend -4.  No
 * label inside the instruction: objtool must decode the function to list
 * its return in .return_sites (6.12 warns "Unpatched return thunk in use"
 * when the module loader was not told to patch it).
 */
unsigned long st_lea_forks(void);
#define st_lea_forks_disp ((const char *)st_lea_forks + 3)
asm(".pushsection .text, \"ax\"\n"
    ".type st_lea_forks, @function\n"
    "st_lea_forks:\n"
    "	.byte 0x48, 0x8d, 0x05\n"
    "	.long 0\n"
    "	jmp __x86_return_thunk\n"
    ".size st_lea_forks, . - st_lea_forks\n"
    ".popsection\n");

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	unsigned long pc =
		(unsigned long)&forks_pc32 + (long)READ_ONCE(forks_pc32);
	unsigned long s = (unsigned long)(long)READ_ONCE(forks_32s);
	unsigned long plt =
		(unsigned long)&nr_plt32 + 4 + (long)READ_ONCE(nr_plt32);
	bool same = pc == (unsigned long)total_forks_p &&
		    st_lea_forks() == (unsigned long)total_forks_p &&
		    s == (unsigned long)total_forks_p &&
		    plt == (unsigned long)nr_processes_p;

	seq_printf(m, "forks=%lu procs=%d same=%d\n", READ_ONCE(*total_forks_p),
		   nr_processes_p(), same);
	return 0;
}

static struct suture_func funcs[] = { { .old_name = "cmdline_proc_show",
					.new_func = new_cmdline_proc_show },
				      {} };

static struct suture_reloc relocs[] = {
	{ .place = &total_forks_p, .name = "total_forks", .type = R_X86_64_64 },
	{ .place = &nr_processes_p,
	  .name = "nr_processes",
	  .type = R_X86_64_64 },
	{ .place = (void *)&forks_pc32,
	  .name = "total_forks",
	  .type = R_X86_64_PC32 },
	{ .place = (void *)&forks_32s,
	  .name = "total_forks",
	  .type = R_X86_64_32S },
	{ .place = (void *)st_lea_forks_disp,
	  .name = "total_forks",
	  .type = R_X86_64_PC32,
	  .addend = -4 },
	{ .place = (void *)&nr_plt32,
	  .name = "nr_processes",
	  .type = R_X86_64_PLT32,
	  .addend = -4 },
};

static struct suture_object objs[] = {
	{ .funcs = funcs, .relocs = relocs, .nr_relocs = ARRAY_SIZE(relocs) },
	{}
};

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
