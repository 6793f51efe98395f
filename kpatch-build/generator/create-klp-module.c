// SPDX-License-Identifier: GPL-2.0
/*
 * create-klp-module - the post-link step of `livepatch-build --format klp`.
 *
 *   create-klp-module [-v] IN.ko OUT.ko
 *
 * IN.ko is the patch module as Kbuild linked it (klp-glue.c + the diff
 * objects create-patch-module prepared).  Every reference the module loader
 * could not resolve is a record in .suture.relocs (kmod/patch/suture-abi.h):
 * place, symbol name, object (NULL = vmlinux), sympos, type, addend.  This
 * tool writes each as a relocation of the kernel's livepatch format
 * (Documentation/livepatch/module-elf-format.rst):
 *
 *   section .klp.rela.OBJ.SECNAME  SHT_RELA, SHF_ALLOC|SHF_RELA_LIVEPATCH,
 *                                  sh_info = SECNAME, one per (OBJ, SECNAME)
 *   symbol  .klp.sym.OBJ.NAME,POS  GLOBAL NOTYPE, st_shndx SHN_LIVEPATCH
 *
 * The loader applies .klp.rela.vmlinux.* while the module loads (before
 * jump labels and static calls are initialised) and the others when OBJ
 * is loaded and patched.  The records stay in the module (klp-glue.c reads
 * their object names to declare those objects).  It runs after modpost and
 * the final link, so signing (sign-file) comes after it.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "../kmod/patch/suture-abi.h"

#ifndef SHF_RELA_LIVEPATCH
#define SHF_RELA_LIVEPATCH 0x00100000
#endif
#ifndef SHN_LIVEPATCH
#define SHN_LIVEPATCH 0xff20
#endif

/* kernel/livepatch/core.c parses names with %55[^.] and %511[^,] */
#define KLP_MODULE_NAME_MAX 55
#define KLP_SYM_NAME_MAX 511

static const char *ko_path;

static void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "create-klp-module: error: %s: ", ko_path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Where the R_X86_64_64 field at @off of @sec points: section + offset. */
static int field_target(struct section *sec, unsigned long off,
			struct section **tsec, unsigned long *toff)
{
	struct rela *r = elf_find_rela_by_offset(sec, off);

	if (!r || !r->sym->sec || r->type != R_X86_64_64)
		return -1;
	*tsec = r->sym->sec;
	*toff = r->sym->offset + r->addend;
	return 0;
}

static const char *field_string(struct section *sec, unsigned long off)
{
	struct section *s;
	unsigned long at;

	if (field_target(sec, off, &s, &at) || !s->data ||
	    at >= s->sh.sh_size || !memchr(s->data + at, 0, s->sh.sh_size - at))
		return NULL;
	return (const char *)s->data + at;
}

static struct section *klp_rela_section(struct elf *elf, const char *obj,
					struct section *base)
{
	struct section *sec;
	char *name;

	if (asprintf(&name, ".klp.rela.%s.%s", obj, base->name) < 0)
		return NULL;
	sec = elf_find_section_by_name(elf, name);
	if (!sec)
		sec = elf_create_rela_section(elf, name, base,
					      SHF_ALLOC | SHF_RELA_LIVEPATCH);
	free(name);
	return sec;
}

static struct symbol *klp_symbol(struct elf *elf, const char *obj,
				 const char *name, unsigned long pos)
{
	struct symbol *sym;
	char *full;

	if (asprintf(&full, ".klp.sym.%s.%s,%lu", obj, name, pos) < 0)
		return NULL;
	sym = elf_find_symbol_by_name(elf, full);
	if (!sym) {
		sym = elf_create_symbol(elf, full, STB_GLOBAL, STT_NOTYPE, NULL,
					0, 0);
		if (sym)
			sym->sym.st_shndx = SHN_LIVEPATCH;
	}
	free(full);
	return sym;
}

#define REC_OFF(field) offsetof(struct suture_abi_reloc, field)

/*
 * The placeholder at a record's place (SUTURE_RECORD_SITE, gen-branches.c:
 * for objtool on the linked module; a branch's rel32 or a jump label's
 * key) goes: the kernel applies a livepatch relocation only to a place
 * that holds zero.
 */
static void drop_placeholder(struct section *psec, unsigned long poff,
			     size_t width)
{
	size_t i = elf_rela_lower_bound(psec, poff);
	struct rela *r;

	if (i >= psec->nr_relas)
		return;
	r = psec->relas[i];
	if (r->offset != poff || !r->sym ||
	    strcmp(r->sym->name, SUTURE_RECORD_SITE))
		return;
	elf_delete_rela(psec, i);
	if (psec->data && poff + width <= psec->sh.sh_size)
		memset(psec->data + poff, 0, width);
}

/*
 * A runtime constant pointer (6.8+, asm/runtime-const.h) is a movabs
 * whose imm64 the kernel writes at boot, in vmlinux only; the livepatch
 * core cannot write a value.  The same 10 bytes become a load of the
 * variable itself, which the code reads instead (its value is set once
 * at boot, before any patch), and a livepatch relocation at its disp32:
 *
 *   REX.W(+B) B8+r imm64      mov $imm64, %reg
 *   REX.W(+R) 8B 05|r<<3 d32  mov SYM(%rip), %reg
 *   0F 1F 00                  nopl (%rax)
 *
 * @poff is the immediate's offset in @psec.  Returns -1, changing
 * nothing, when the bytes before it are not that movabs.
 */
static int runtime_ptr_to_load(struct section *psec, unsigned long poff)
{
	unsigned char *p;

	if (!psec->data || poff < 2 || poff + 8 > psec->sh.sh_size)
		return -1;
	p = psec->data + poff - 2;
	if ((p[0] & 0xfe) != 0x48 || (p[1] & 0xf8) != 0xb8 ||
	    elf_find_rela_by_offset(psec, poff))
		return -1;
	p[0] = 0x48 | (p[0] & 1) << 2;
	p[2] = 0x05 | (p[1] & 7) << 3;
	p[1] = 0x8b;
	memset(p + 3, 0, 4);
	memcpy(p + 7, "\x0f\x1f\x00", 3);
	return 0;
}

static int convert(struct elf *elf, int verbose, unsigned int *count)
{
	struct section *rec =
		elf_find_section_by_name(elf, SUTURE_ABI_RELOCS_SECTION);
	size_t n;

	*count = 0;
	if (!rec)
		return 0;
	if (!rec->data || rec->sh.sh_size % sizeof(struct suture_abi_reloc)) {
		err("%s is not an array of records", rec->name);
		return -1;
	}
	n = rec->sh.sh_size / sizeof(struct suture_abi_reloc);
	for (size_t i = 0; i < n; i++) {
		unsigned long at = i * sizeof(struct suture_abi_reloc), poff;
		struct suture_abi_reloc r;
		struct section *psec, *ksec;
		const char *name, *obj;
		struct symbol *sym;
		bool wide;

		memcpy(&r, rec->data + at, sizeof(r));
		name = field_string(rec, at + REC_OFF(name));
		obj = elf_find_rela_by_offset(rec, at + REC_OFF(objname)) ?
			      field_string(rec, at + REC_OFF(objname)) :
			      "vmlinux";
		if (!name || !obj ||
		    field_target(rec, at + REC_OFF(place), &psec, &poff)) {
			err("record %zu of %s is malformed", i, rec->name);
			return -1;
		}
		if (strlen(obj) > KLP_MODULE_NAME_MAX ||
		    strlen(name) > KLP_SYM_NAME_MAX || strchr(obj, '.') ||
		    strchr(name, ',')) {
			err("%s (in %s) cannot be named in the livepatch "
			    "format (.klp.sym.OBJ.NAME,POS: OBJ up to %d "
			    "characters without '.', NAME up to %d without ',')",
			    name, obj, KLP_MODULE_NAME_MAX, KLP_SYM_NAME_MAX);
			return -1;
		}
		if (!(psec->sh.sh_flags & SHF_ALLOC)) {
			err("%s: relocation at %s+0x%lx is in a section the "
			    "loader does not keep",
			    name, psec->name, poff);
			return -1;
		}
		if (!strcmp(psec->name, "__jump_table") &&
		    strcmp(obj, "vmlinux")) {
			err("the patched code uses static key %s of %s: the "
			    "loader applies relocations to a module only when "
			    "it is patched, after its jump labels are set up; "
			    "use static_key_enabled(&%s) instead of "
			    "static_branch_*()",
			    name, obj, name);
			return -1;
		}
		if (r.type == SUTURE_ABI_RELOC_RUNTIME_PTR) {
			if (runtime_ptr_to_load(psec, poff)) {
				err("the patched code at %s+0x%lx uses runtime "
				    "constant %s, but not as the movabs of "
				    "runtime_const_ptr() this tool can turn "
				    "into a load of %s: build with --format "
				    "suture",
				    psec->name, poff, name, name);
				return -1;
			}
			/* the load's disp32 (after REX, opcode, ModRM) */
			poff += 1;
			r.type = R_X86_64_PC32;
			r.addend = -4;
		} else if (r.type == SUTURE_ABI_RELOC_RUNTIME_SHIFT) {
			err("the patched code at %s+0x%lx uses runtime "
			    "constant %s as a shift count (an immediate the "
			    "kernel writes at boot): the kernel's livepatch "
			    "core cannot write it; build with --format suture",
			    psec->name, poff, name);
			return -1;
		}
		wide = r.type == R_X86_64_64 || r.type == R_X86_64_PC64;
		drop_placeholder(psec, poff, wide ? 8 : 4);
		ksec = klp_rela_section(elf, obj, psec);
		sym = klp_symbol(elf, obj, name, (unsigned long)r.sympos);
		if (!ksec || !sym ||
		    !elf_create_rela(elf, ksec, poff, sym, r.type, r.addend)) {
			err("%s", elf_last_error());
			return -1;
		}
		if (verbose)
			fprintf(stderr, "  %s+0x%lx -> %s\n", ksec->name, poff,
				sym->name);
		(*count)++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct elf *elf;
	unsigned int count;
	int opt, verbose = 0;

	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt != 'v') {
			fprintf(stderr,
				"usage: create-klp-module [-v] IN.ko OUT.ko\n");
			return 2;
		}
		verbose = 1;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: create-klp-module [-v] IN.ko OUT.ko\n");
		return 2;
	}
	ko_path = argv[optind];
	elf = elf_open(ko_path);
	if (!elf) {
		fprintf(stderr, "create-klp-module: error: %s\n",
			elf_last_error());
		return 1;
	}
	if (convert(elf, verbose, &count))
		return 1;
	if (elf_write(elf, argv[optind + 1])) {
		fprintf(stderr, "create-klp-module: error: writing %s: %s\n",
			argv[optind + 1], elf_last_error());
		return 1;
	}
	printf("%u livepatch relocation(s)\n", count);
	elf_close(elf);
	return 0;
}
