// SPDX-License-Identifier: GPL-2.0
/*
 * layout-probe - print the layout file (layout.h) of a target kernel from
 * its compiled probe object (probe/layout-probe.c built by Kbuild in the
 * target's prepared tree; kpatch-build/lib/probe-layout does both).
 *
 *   layout-probe PROBE.o > LAYOUT
 *
 * Exit 0, or 1 with a message naming what the object lacks.
 */
#include <stdio.h>
#include <string.h>

#include "elf.h"
#include "layout.h"

#define ENTRY_SIZE 64 /* struct suture_layout_entry */
#define KEY_SIZE 56

static const unsigned char *sym_data(struct symbol *s, unsigned long size)
{
	if (!s || !s->sec || !s->sec->data || s->size < size ||
	    s->offset + s->size > s->sec->sh.sh_size)
		return NULL;
	return (const unsigned char *)s->sec->data + s->offset;
}

static unsigned int u32_at(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/* the lineno bit field: the one run of set bits in the probe's _ddebug */
static int lineno_field(struct elf *e, struct kernel_layout *l)
{
	struct symbol *s =
		elf_find_symbol_by_name(e, "suture_layout_ddebug_lineno");
	const unsigned char *p = sym_data(s, 1);
	unsigned long first = ~0UL, last = 0, n = 0, bit;

	if (!p)
		return -1;
	for (bit = 0; bit < s->size * 8; bit++) {
		if (!(p[bit / 8] & (1u << (bit % 8))))
			continue;
		if (first == ~0UL)
			first = bit;
		last = bit;
		n++;
	}
	/* one contiguous run inside one 32-bit word */
	if (!n || last - first + 1 != n || first / 32 != last / 32)
		return -1;
	l->ddebug_lineno_offset = first / 32 * 4;
	l->ddebug_lineno_shift = first % 32;
	l->ddebug_lineno_bits = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct kernel_layout l = { 0 };
	unsigned int major = 0, patch = 0, sub = 0;
	const unsigned char *p;
	struct symbol *s;
	struct elf *e;
	unsigned long i;

	if (argc != 2) {
		fprintf(stderr, "usage: layout-probe PROBE.o > LAYOUT\n");
		return 2;
	}
	e = elf_open(argv[1]);
	if (!e) {
		fprintf(stderr, "layout-probe: %s\n", elf_last_error());
		return 1;
	}
	s = elf_find_symbol_by_name(e, "suture_layout");
	p = sym_data(s, ENTRY_SIZE);
	if (!p || s->size % ENTRY_SIZE) {
		fprintf(stderr,
			"layout-probe: %s has no suture_layout table: not a compiled probe/layout-probe.c\n",
			argv[1]);
		elf_close(e);
		return 1;
	}
	for (i = 0; i < s->size / ENTRY_SIZE; i++, p += ENTRY_SIZE) {
		char key[KEY_SIZE + 1], val[16];
		unsigned int v = u32_at(p + KEY_SIZE);

		memcpy(key, p, KEY_SIZE);
		key[KEY_SIZE] = 0;
		if (!strcmp(key, "version.major"))
			major = v;
		else if (!strcmp(key, "version.patchlevel"))
			patch = v;
		else if (!strcmp(key, "version.sublevel"))
			sub = v;
		else {
			snprintf(val, sizeof(val), "%u", v);
			if (layout_set(&l, key, val)) {
				fprintf(stderr,
					"layout-probe: %s: unknown key %s\n",
					argv[1], key);
				elf_close(e);
				return 1;
			}
		}
	}
	if (lineno_field(e, &l)) {
		fprintf(stderr,
			"layout-probe: %s: no _ddebug.lineno bit field in suture_layout_ddebug_lineno\n",
			argv[1]);
		elf_close(e);
		return 1;
	}
	snprintf(l.version, sizeof(l.version), "%u.%u.%u", major, patch, sub);
	elf_close(e);
	layout_write(&l, stdout);
	return 0;
}
