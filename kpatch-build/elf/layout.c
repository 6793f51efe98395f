// SPDX-License-Identifier: GPL-2.0
/*
 * layout.c - read and write layout files (see layout.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

struct key {
	const char *name;
	size_t off; /* of the unsigned int in struct kernel_layout */
};

#define K(n, f)                                      \
	{                                            \
		n, offsetof(struct kernel_layout, f) \
	}
static const struct key keys[] = {
	K("bug_entry.size", bug_entry_size),
	K("bug_entry.line", bug_entry_line),
	K("jump_entry.size", jump_entry_size),
	K("jump_entry.key", jump_entry_key),
	K("alt_instr.size", alt_instr_size),
	K("alt_instr.repl_offset", alt_instr_repl_offset),
	K("alt_instr.replacementlen", alt_instr_replacementlen),
	K("exception_table_entry.size", extable_size),
	K("static_call_site.size", static_call_site_size),
	K("static_call_site.key", static_call_site_key),
	K("orc_entry.size", orc_entry_size),
	K("paravirt_patch_site.size", paravirt_site_size),
	K("mcount_loc.size", mcount_loc_size),
	K("tracepoint_ptr.size", tracepoint_ptr_size),
	K("printk_index.size", printk_index_size),
	K("_ddebug.size", ddebug_size),
	K("_ddebug.lineno.offset", ddebug_lineno_offset),
	K("_ddebug.lineno.shift", ddebug_lineno_shift),
	K("_ddebug.lineno.bits", ddebug_lineno_bits),
};
#undef K
#define NR_KEYS (sizeof(keys) / sizeof(keys[0]))

static unsigned int *field(struct kernel_layout *l, size_t i)
{
	return (unsigned int *)((char *)l + keys[i].off);
}

int layout_set(struct kernel_layout *l, const char *key, const char *value)
{
	unsigned long v;
	char *end;
	size_t i;

	if (!strcmp(key, "version")) {
		if (strlen(value) >= sizeof(l->version))
			return -1;
		strcpy(l->version, value);
		return 0;
	}
	for (i = 0; i < NR_KEYS; i++) {
		if (strcmp(key, keys[i].name))
			continue;
		errno = 0;
		v = strtoul(value, &end, 10);
		if (errno || end == value || *end || v > 4096)
			return -1;
		*field(l, i) = v;
		return 0;
	}
	return -1;
}

int layout_read(const char *path, struct kernel_layout *l, char *err,
		size_t errlen)
{
	bool seen[NR_KEYS] = { false };
	char line[256], key[128], value[128];
	unsigned int lineno = 0;
	bool have_version = false;
	FILE *f = fopen(path, "r");
	size_t i;

	memset(l, 0, sizeof(*l));
	if (!f) {
		snprintf(err, errlen, "layout file %s: %s", path,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%127s %127s", key, value) != 2 ||
		    layout_set(l, key, value)) {
			snprintf(
				err, errlen,
				"layout file %s line %u: not a known key and a number: %s",
				path, lineno, line);
			fclose(f);
			return -1;
		}
		if (!strcmp(key, "version"))
			have_version = true;
		for (i = 0; i < NR_KEYS; i++)
			if (!strcmp(key, keys[i].name))
				seen[i] = true;
	}
	fclose(f);
	for (i = 0; i < NR_KEYS; i++) {
		if (!seen[i]) {
			snprintf(
				err, errlen,
				"layout file %s has no %s: the target's layout of it is not established (re-run the probe on the target's prepared tree)",
				path, keys[i].name);
			return -1;
		}
	}
	if (!have_version) {
		snprintf(err, errlen, "layout file %s has no version", path);
		return -1;
	}
	if (!l->bug_entry_size || !l->jump_entry_size || !l->alt_instr_size ||
	    !l->extable_size || !l->static_call_site_size ||
	    !l->orc_entry_size || !l->mcount_loc_size ||
	    !l->tracepoint_ptr_size || !l->printk_index_size ||
	    !l->ddebug_size || !l->ddebug_lineno_bits ||
	    l->alt_instr_replacementlen >= l->alt_instr_size ||
	    l->alt_instr_repl_offset + 4 > l->alt_instr_size ||
	    l->jump_entry_key + 8 > l->jump_entry_size ||
	    l->static_call_site_key + 4 > l->static_call_site_size ||
	    l->bug_entry_line + 2 > l->bug_entry_size ||
	    l->ddebug_lineno_offset + 4 > l->ddebug_size ||
	    l->ddebug_lineno_shift + l->ddebug_lineno_bits > 32) {
		snprintf(
			err, errlen,
			"layout file %s: sizes and offsets do not fit together (a zero size or a field past its entry)",
			path);
		return -1;
	}
	return 0;
}

void layout_write(const struct kernel_layout *l, void *f)
{
	size_t i;

	fprintf(f, "version %s\n", l->version);
	for (i = 0; i < NR_KEYS; i++)
		fprintf(f, "%s %u\n", keys[i].name,
			*field((struct kernel_layout *)l, i));
}

int layout_from_env(const char *path, struct kernel_layout *l, char *err,
		    size_t errlen)
{
	if (!path || !*path)
		path = getenv("SUTURE_LAYOUT");
	if (!path || !*path) {
		snprintf(
			err, errlen,
			"no target layout: pass --layout FILE or set SUTURE_LAYOUT (livepatch-build makes it from the prepared tree with layout-probe); entry sizes of special sections are never assumed");
		return -1;
	}
	return layout_read(path, l, err, errlen);
}

/* the special sections: entry size key (SITE: 4-byte .long sites the
 * kernel's assembler macros write; PTR: an unsigned long each, 8 bytes in
 * a 64-bit kernel), owner kind, partial last entry */
#define SITE ((size_t)-1)
#define PTR ((size_t)-2)
#define L(f) offsetof(struct kernel_layout, f)
static const struct {
	const char *name;
	size_t size;
	enum special_owner kind;
	bool partial_last;
	bool prefix; /* name is a prefix: one section per symbol */
} specials[] = {
	{ "__bug_table", L(bug_entry_size), SPECIAL_OWN_CODE, false, false },
	{ "__jump_table", L(jump_entry_size), SPECIAL_OWN_CODE, false, false },
	{ ".altinstructions", L(alt_instr_size), SPECIAL_OWN_CODE, false,
	  false },
	{ "__ex_table", L(extable_size), SPECIAL_OWN_CODE, false, false },
	{ ".static_call_sites", L(static_call_site_size), SPECIAL_OWN_CODE,
	  false, false },
	{ ".retpoline_sites", SITE, SPECIAL_OWN_CODE, false, false },
	{ ".return_sites", SITE, SPECIAL_OWN_CODE, false, false },
	{ ".call_sites", SITE, SPECIAL_OWN_CODE, false, false },
	{ ".ibt_endbr_seal", SITE, SPECIAL_OWN_CODE, false, false },
	{ "__mcount_loc", L(mcount_loc_size), SPECIAL_OWN_CODE, false, false },
	/* its entries' unwind data: .orc_unwind, entry by entry */
	{ ".orc_unwind_ip", SITE, SPECIAL_OWN_CODE, false, false },
	{ ".smp_locks", SITE, SPECIAL_OWN_CODE, false, false },
	{ ".parainstructions", L(paravirt_site_size), SPECIAL_OWN_CODE, true,
	  false },
	{ "__tracepoints_ptrs", L(tracepoint_ptr_size), SPECIAL_OWN_DATA, false,
	  false },
	{ ".printk_index", L(printk_index_size), SPECIAL_OWN_DATA, false,
	  false },
	/*
	 * 6.8+ runtime constants (asm/runtime-const.h): .long place - .
	 * per immediate the kernel writes at boot; the module generator
	 * turns the kept ones into records (gen-records.c)
	 */
	{ "runtime_ptr_", SITE, SPECIAL_OWN_CODE, false, true },
	{ "runtime_shift_", SITE, SPECIAL_OWN_CODE, false, true },
	/*
	 * NOKPROBE_SYMBOL(fn): the address of fn; the module loader gives a
	 * module's entries to kprobes, so the new copy of a changed
	 * function stays as unprobeable as the old one
	 */
	{ "_kprobe_blacklist", PTR, SPECIAL_OWN_CODE, false, false },
};
#undef L

bool layout_special(const struct kernel_layout *l, const char *name,
		    struct special_layout *sp)
{
	size_t i;

	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (specials[i].prefix ? strncmp(specials[i].name, name,
						 strlen(specials[i].name)) :
					 strcmp(specials[i].name, name))
			continue;
		memset(sp, 0, sizeof(*sp));
		sp->name = specials[i].name;
		if (specials[i].size == SITE)
			sp->size = 4;
		else if (specials[i].size == PTR)
			sp->size = 8;
		else
			sp->size = *(const unsigned int *)((const char *)l +
							   specials[i].size);
		sp->owner = 0;
		sp->kind = specials[i].kind;
		sp->partial_last = specials[i].partial_last;
		sp->key = -1;
		sp->relocated[sp->nr_relocated++] = sp->owner;
		if (!strcmp(name, ".altinstructions")) {
			sp->relocated[sp->nr_relocated++] =
				l->alt_instr_repl_offset;
		} else if (!strcmp(name, "__jump_table")) {
			sp->key = (int)l->jump_entry_key;
			sp->relocated[sp->nr_relocated++] = l->jump_entry_key;
		} else if (!strcmp(name, ".static_call_sites")) {
			sp->key = (int)l->static_call_site_key;
		}
		return true;
	}
	return false;
}
#undef SITE
#undef PTR
