/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tramp.S - the pool of direct-call trampolines (see direct.c).
 *
 * Once no transition involves a patched function, its fentry site calls
 * one slot of this pool instead of ftrace's trampoline.  A slot drops the
 * return address into the old function (old + fentry offset + 5) and
 * jumps to the new function, which then returns straight to the caller:
 *
 *	[endbr64]		(IBT kernels: ftrace may reach it by jmp)
 *	add	$8, %rsp
 *	jmp	NEW		(rel32, written by direct.c with text_poke)
 *
 * The slots are in suture.ko's own text, so the module's signature stays
 * valid; only the jmp's displacement is rewritten at run time, as the
 * kernel's own alternatives and static calls rewrite text.  Built with
 * objtool like the rest of the module: at the first instruction the ORC
 * data says "function entry" (the return address into the old function
 * on top: a task stopped there unwinds as inside the old function), after
 * the add it says "function entry" again (the caller's return address on
 * top).  The transition engine also counts the whole pool as code no task
 * may be switched in (suture_for_each_check_range()).
 *
 * A slot not in use jumps to suture_tramp_stray(), which BUGs.
 *
 * suture_tramp_ret, after the slots, is where a direct call is parked
 * while its address is back on the handler (direct.c): it returns to the
 * address on top of the stack, i.e. to what ftrace's handler chose (or to
 * the old function), as if there were no direct call.  It is part of the
 * pool: suture_tramp_end ends the range the transition engine checks.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/unwind_hints.h>
#include "tramp.h"

	.text

.macro suture_slot n
SYM_FUNC_START(suture_tramp_\n)
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR	/* the table's second address: never a target */
.Lsuture_jmp_\n:
	jmp	suture_tramp_stray
	int3
SYM_FUNC_END(suture_tramp_\n)
	.pushsection .rodata
	.quad	suture_tramp_\n, .Lsuture_jmp_\n
	.popsection
.endm

.macro suture_slots10 p
	suture_slot \p\()0
	suture_slot \p\()1
	suture_slot \p\()2
	suture_slot \p\()3
	suture_slot \p\()4
	suture_slot \p\()5
	suture_slot \p\()6
	suture_slot \p\()7
	suture_slot \p\()8
	suture_slot \p\()9
.endm

.macro suture_slots100 p
	suture_slots10 \p\()0
	suture_slots10 \p\()1
	suture_slots10 \p\()2
	suture_slots10 \p\()3
	suture_slots10 \p\()4
	suture_slots10 \p\()5
	suture_slots10 \p\()6
	suture_slots10 \p\()7
	suture_slots10 \p\()8
	suture_slots10 \p\()9
.endm

	.pushsection .rodata
	.p2align 3
	.globl suture_tramp_table
suture_tramp_table:
	.popsection

	suture_slots100 0
	suture_slots100 1
	suture_slots100 2
	suture_slots100 3
	suture_slots100 4
	suture_slots100 5
	suture_slots100 6
	suture_slots100 7
	suture_slots100 8
	suture_slots100 9

/* The parking place of a direct call taken back to the handler. */
SYM_FUNC_START(suture_tramp_ret)
	RET
SYM_FUNC_END(suture_tramp_ret)
	.globl suture_tramp_end
suture_tramp_end:
