/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - the target kernel's layouts of the special-section entries
 * the differ and the module generator read (sizes, field offsets), as
 * measured in the target's own build by the probe (probe/layout-probe.c,
 * compiled by Kbuild in the prepared tree; read by layout-probe into a
 * layout file of "key value" lines).  Nothing here is assumed: a layout
 * file lacking a key is refused, naming it.
 */
#ifndef SUTURE_LAYOUT_H
#define SUTURE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct kernel_layout {
	char version[32]; /* kernel version of the tree, e.g. 6.1.192 */
	unsigned int bug_entry_size, bug_entry_line;
	unsigned int jump_entry_size, jump_entry_key;
	unsigned int alt_instr_size, alt_instr_repl_offset;
	unsigned int alt_instr_replacementlen;
	unsigned int extable_size;
	unsigned int static_call_site_size, static_call_site_key;
	unsigned int orc_entry_size;
	unsigned int paravirt_site_size; /* 0: no .parainstructions */
	unsigned int mcount_loc_size;
	unsigned int tracepoint_ptr_size;
	unsigned int printk_index_size;
	unsigned int ddebug_size;
	/* _ddebug.lineno: a bit field in the 32-bit word at this offset */
	unsigned int ddebug_lineno_offset, ddebug_lineno_shift;
	unsigned int ddebug_lineno_bits;
};

/**
 * layout_read() - read a layout file.
 * @path: the file
 * @l: filled in
 * @err: on failure, why (the missing or bad key, named), @errlen bytes
 *
 * Return: 0, or -1 with @err set.
 */
int layout_read(const char *path, struct kernel_layout *l, char *err,
		size_t errlen);

/**
 * layout_set() - set one key of @l from its text value.
 *
 * Return: 0, or -1 for an unknown key or a value that is not a number.
 */
int layout_set(struct kernel_layout *l, const char *key, const char *value);

/* print @l as a layout file on @f */
void layout_write(const struct kernel_layout *l, void *f);

/**
 * layout_from_env() - the layout named by --layout (@path) or, when @path
 * is NULL, by $SUTURE_LAYOUT.
 *
 * Return: 0, or -1 with @err saying what is missing.
 */
int layout_from_env(const char *path, struct kernel_layout *l, char *err,
		    size_t errlen);

/* what the owner field of a special-section entry points to */
enum special_owner {
	SPECIAL_OWN_CODE, /* a place in a function */
	SPECIAL_OWN_DATA, /* a data object */
};

/*
 * One special section of the target: a table whose entries each belong to
 * one place in the code (or one data object).  The one description the
 * differ (cdo-special.c) and the module generator (gen-records.c) use.
 */
struct special_layout {
	const char *name;
	unsigned int size; /* entry size in the target; 0: it has none */
	unsigned int owner; /* offset of the field naming the owner */
	enum special_owner kind;
	bool partial_last; /* the last entry may be shorter (padding) */
	/* offset of the key the module loader reads when it loads the
	 * module (jump label, static call), before any other relocation
	 * is applied; -1: none */
	int key;
	/* offsets of the fields that carry a relocation in every entry
	 * (the owner; an alternative's replacement; a jump entry's key) */
	unsigned int relocated[3], nr_relocated;
};

/**
 * layout_special() - the layout of special section @name in the target
 * layout @l.
 *
 * Return: true and @sp filled in, or false: @name is no special section.
 */
bool layout_special(const struct kernel_layout *l, const char *name,
		    struct special_layout *sp);

#endif
