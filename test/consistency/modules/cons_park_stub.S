/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cons_park_stub - where cons_park's kprobe sends the task it parks, with
 * the slot's jmp address pushed as the return address (see cons_park.c).
 * Keeps every register the patched function's caller passed: the task
 * goes on into the new function afterwards.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>

	.text
SYM_FUNC_START(cons_park_stub)
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	call	cons_park_wait
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	RET
SYM_FUNC_END(cons_park_stub)
