// SPDX-License-Identifier: GPL-2.0
/*
 * layout-probe.c - compiled by Kbuild in the target kernel's prepared tree
 * (kpatch-build/lib/probe-layout), never loaded: the object holds the
 * sizes and field offsets of the special-section entries in that build,
 * which the layout-probe tool reads into a layout file (layout.h).  A
 * structure the target does not have fails the compile, naming it.
 */
#include <linux/version.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/bug.h>
/* cpu_relax() for asm/extable.h without CONFIG_X86_MCE (cloud configs) */
#include <asm/processor.h>
#include <linux/jump_label.h>
#include <linux/extable.h>
#include <linux/static_call_types.h>
#include <linux/dynamic_debug.h>
#include <linux/printk.h>
#include <linux/tracepoint-defs.h>
#include <asm/alternative.h>
#include <asm/extable.h>
#include <asm/orc_types.h>
#include <asm/paravirt_types.h>

struct suture_layout_entry {
	char key[56];
	u32 value;
	u32 pad;
};

#define L(k, v)                        \
	{                              \
		.key = k, .value = (v) \
	}
#define SZ(t) sizeof(struct t)
#define OFF(t, f) offsetof(struct t, f)

/* .parainstructions: struct paravirt_patch_site until 6.7 */
#if defined(CONFIG_PARAVIRT) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#define PARAVIRT_SITE_SIZE SZ(paravirt_patch_site)
#else
#define PARAVIRT_SITE_SIZE 0
#endif

const struct suture_layout_entry suture_layout[] = {
	L("version.major", LINUX_VERSION_MAJOR),
	L("version.patchlevel", LINUX_VERSION_PATCHLEVEL),
	L("version.sublevel", LINUX_VERSION_SUBLEVEL),
	L("bug_entry.size", SZ(bug_entry)),
	L("bug_entry.line", OFF(bug_entry, line)),
	L("jump_entry.size", SZ(jump_entry)),
	L("jump_entry.key", OFF(jump_entry, key)),
	L("alt_instr.size", SZ(alt_instr)),
	L("alt_instr.repl_offset", OFF(alt_instr, repl_offset)),
	L("alt_instr.replacementlen", OFF(alt_instr, replacementlen)),
	L("exception_table_entry.size", SZ(exception_table_entry)),
	L("static_call_site.size", SZ(static_call_site)),
	L("static_call_site.key", OFF(static_call_site, key)),
	L("orc_entry.size", SZ(orc_entry)),
	L("paravirt_patch_site.size", PARAVIRT_SITE_SIZE),
	/* __mcount_loc entries are addresses */
	L("mcount_loc.size", sizeof(unsigned long)),
	L("tracepoint_ptr.size", sizeof(tracepoint_ptr_t)),
	/* .printk_index holds pointers to struct pi_entry */
	L("printk_index.size", sizeof(struct pi_entry *)),
	L("_ddebug.size", SZ(_ddebug)),
};

/* lineno is a bit field: all its bits set, found by the reader */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverflow"
const struct _ddebug suture_layout_ddebug_lineno = { .lineno = -1 };
#pragma GCC diagnostic pop
