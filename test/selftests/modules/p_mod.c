// SPDX-License-Identifier: GPL-2.0
/*
 * Patch for module st_target (loaded before or after this patch):
 * st_target_value() returns 42 (the module's st_base + 35).  Logging callbacks on st_target and on
 * vmlinux (an object with callbacks only).
 */
#include <linux/elf.h>
#include "selftest.h"

ST_LOGGING_CALLBACKS

/*
 * The module's static st_base (7), reached through a relocation record
 * applied when st_target loads and zeroed when it goes; the parameter
 * shows the relocated value.
 */
static unsigned long st_base_addr;
module_param(st_base_addr, ulong, 0444);

static int new_st_target_value(void)
{
	return READ_ONCE(*(int *)READ_ONCE(st_base_addr)) + 35;
}

static struct suture_reloc relocs[] = {
	{ .place = &st_base_addr, .name = "st_base", .type = R_X86_64_64 },
};

static struct suture_func funcs[] = { { .old_name = "st_target_value",
					.new_func = new_st_target_value },
				      {} };

static struct suture_object objs[] = { { .callbacks = ST_CALLBACKS },
				       { .name = "st_target",
					 .funcs = funcs,
					 .relocs = relocs,
					 .nr_relocs = ARRAY_SIZE(relocs),
					 .callbacks = ST_CALLBACKS },
				       {} };

static struct suture_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

ST_PATCH_MODULE(patch);
