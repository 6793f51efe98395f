/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suture-abi.h - the intermediate format between create-diff-object, the
 * module generator and the patch-module glue (kmod/patch/glue.c).
 *
 * Shared by userspace (kpatch-build/) and the kernel (kmod/patch/), so it
 * only uses fixed-width types.  All records are little-endian x86_64, 8-byte
 * aligned, and every pointer-sized field is filled by an R_X86_64_64
 * relocation in the object file (0 in the section bytes).  A field that is
 * "0 = none" simply has no relocation.
 *
 * Sections (all SHF_ALLOC, no SHF_WRITE requirement):
 *
 *   .suture.funcs      struct suture_abi_func[]      functions to replace
 *   .suture.relocs     struct suture_abi_reloc[]     refs to unexported syms
 *   .suture.callbacks  struct suture_abi_callback[]  pre/post (un)patch hooks
 *   .suture.strings    NUL-terminated names the records point to
 *   .suture.states     struct suture_abi_state[]     system states
 *                      (suture-state.h)
 *
 * Who fills what:
 *   create-diff-object writes every record with objname = 0 and sympos = 0,
 *   and a reloc record for each reference to a symbol that was LOCAL in the
 *   original object (flag SUTURE_ABI_RELOC_LOCAL).  References to global
 *   symbols stay ordinary undefined symbols.
 *   The module generator (kpatch-build/) sets objname (the binary the unit
 *   links into: 0 for vmlinux, else the module name) and sympos (from
 *   System.map or the module's symbol table), and turns every undefined
 *   global that is not exported to modules (Module.symvers), or that lives
 *   in the target module itself, into a reloc record as well.
 *   kmod/patch/glue.c walks the sections at module init, groups the records
 *   by objname into struct suture_object and registers the patch.
 */
#ifndef _SUTURE_ABI_H
#define _SUTURE_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint64_t __u64;
typedef uint32_t __u32;
typedef int64_t __s64;
#endif

#define SUTURE_ABI_FUNCS_SECTION ".suture.funcs"
#define SUTURE_ABI_RELOCS_SECTION ".suture.relocs"
#define SUTURE_ABI_CALLBACKS_SECTION ".suture.callbacks"
#define SUTURE_ABI_STRINGS_SECTION ".suture.strings"
#define SUTURE_ABI_STATES_SECTION ".suture.states"

/*
 * Every reloc record whose place is the rel32 of a call/jmp/jcc in code
 * also carries an ordinary relocation to this function of the glue
 * (glue-records.h), so that objtool, run on the linked patch module by
 * kernels built with CONFIG_X86_KERNEL_IBT, sees a call to a function
 * there (kpatch-build/gen-branches.c).  The record overwrites it.
 */
#define SUTURE_RECORD_SITE "suture_record_site"

/* One replaced function. sizeof == 40 */
struct suture_abi_func {
	__u64 new_func; /* reloc -> the new function's symbol */
	__u64 name; /* reloc -> old function name */
	__u64 objname; /* reloc -> module name; 0 = vmlinux */
	__u64 old_size; /* st_size in the original object; the module
			 * generator replaces it, for vmlinux, by the extent
			 * in the target build's symbol table (kallsyms) */
	__u64 sympos; /* 0 = unique name, else 1-based position */
};

#define SUTURE_ABI_RELOC_LOCAL 0x1 /* target was a local symbol */

/*
 * Record types beyond the ELF ones: a runtime constant (6.8+,
 * asm/runtime-const.h).  vmlinux code loads some read-mostly values
 * (USER_PTR_MAX, dentry_hashtable, d_hash_shift) as instruction immediates
 * the kernel writes once at boot from its runtime_ptr_SYM and
 * runtime_shift_SYM tables; the module loader knows no such tables.  A
 * patched copy of such code gets one record per immediate: the core
 * writes the symbol's current value there (8 bytes for a pointer, 1 byte
 * for a shift count, the immediate of a shrl).
 */
#define SUTURE_ABI_RELOC_RUNTIME_PTR 0x100
#define SUTURE_ABI_RELOC_RUNTIME_SHIFT 0x101

/* One reference to a symbol the module loader cannot resolve. sizeof == 48 */
struct suture_abi_reloc {
	__u64 place; /* reloc -> section+offset to write */
	__u64 name; /* reloc -> symbol name */
	__u64 objname; /* reloc -> module name; 0 = vmlinux */
	__u64 sympos; /* as for suture_abi_func */
	__u32 type; /* R_X86_64_{64,PC32,PLT32,32S,32}, _RUNTIME_* */
	__u32 flags; /* SUTURE_ABI_RELOC_* */
	__s64 addend;
};

/*
 * The size check of an old_size against the running kernel, made by
 * suture.ko (kmod/core/resolve.c) and, for --format klp modules, by
 * `livepatch load` (cli/klp-size.c).  kallsyms only knows @extent, the
 * distance from the symbol at @addr to the next one, which adds the
 * padding before the next symbol; that one starts at an address aligned
 * to some A (16 for a plain function, more for cache-line or page aligned
 * code).  Accept when the running function can hold the recorded body and
 * the gap is exactly the padding up to the next A-aligned address:
 * extent >= size and extent - size < A, A = max(16, alignment of the
 * next symbol), at most 4096.
 */
static inline int suture_abi_size_matches(__u64 addr, __u64 size, __u64 extent)
{
	__u64 next = addr + extent, align;

	if (extent < size)
		return 0;
	align = next ? (next & -next) : 4096;
	if (align < 16)
		align = 16;
	if (align > 4096)
		align = 4096;
	return extent - size < align;
}

enum suture_abi_callback_type {
	SUTURE_ABI_PRE_PATCH = 1,
	SUTURE_ABI_POST_PATCH = 2,
	SUTURE_ABI_PRE_UNPATCH = 3,
	SUTURE_ABI_POST_UNPATCH = 4,
};

/* One callback, emitted by the macros of kpatch-macros.h. sizeof == 24 */
struct suture_abi_callback {
	__u64 fn; /* reloc -> the callback function */
	__u64 objname; /* reloc -> module name; 0 = vmlinux */
	__u32 type; /* enum suture_abi_callback_type */
	__u32 pad;
};

/* A system state the patch establishes or keeps. sizeof == 16 */
struct suture_abi_state {
	__u64 id; /* non-zero */
	__u32 version;
	__u32 pad;
};

#endif /* _SUTURE_ABI_H */
