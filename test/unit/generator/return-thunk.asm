# SPDX-License-Identifier: GPL-2.0
# check-sites input: two functions returning through the return thunk
# (jmp and jcc); .return_sites lists only the first (-DALL: both)
	.text
	.globl	sut_listed
	.type	sut_listed, @function
sut_listed:
	xorl	%eax, %eax
.Llisted_ret:
	jmp	__x86_return_thunk
	.size	sut_listed, .-sut_listed
	.globl	sut_unlisted
	.type	sut_unlisted, @function
sut_unlisted:
	testl	%edi, %edi
.Lunlisted_ret:
	jne	__x86_return_thunk
	ret
	.size	sut_unlisted, .-sut_unlisted
	.section .return_sites, "a"
	.long	.Llisted_ret - .
.ifdef ALL
	.long	.Lunlisted_ret - .
.endif
