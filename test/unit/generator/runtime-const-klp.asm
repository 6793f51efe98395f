# Stand-in for a linked --format klp patch module (create-klp-module's
# input): a patched function with runtime_const_ptr(USER_PTR_MAX)'s
# movabs (to %r9: REX.B) and its record in .suture.relocs (place = the
# immediate, type SUTURE_ABI_RELOC_RUNTIME_PTR).  --defsym SHIFT=1: the
# record is a shift count (0x101); --defsym BAD=1: the place is an
# immediate of another instruction.
	.section .text.sut_fn,"ax",@progbits
	.globl	sut_fn
	.type	sut_fn, @function
sut_fn:
.ifdef BAD
	addq	$0x12345678, %rax
	nop
	nop
	nop
	nop
	nop
	nop
.else
	movabsq	$0x0123456789abcdef, %r9
.endif
	movq	%r9, %rax
	ret
	.size	sut_fn, .-sut_fn

	.section .rodata.str1.1,"aMS",@progbits,1
sut_name:
	.string	"USER_PTR_MAX"

	.section .suture.relocs,"a",@progbits
	.balign	8
	.quad	sut_fn + 2		# place: the imm64
	.quad	sut_name		# name
	.quad	0			# objname: vmlinux
	.quad	0			# sympos
.ifdef SHIFT
	.long	0x101			# SUTURE_ABI_RELOC_RUNTIME_SHIFT
.else
	.long	0x100			# SUTURE_ABI_RELOC_RUNTIME_PTR
.endif
	.long	0			# flags
	.quad	0			# addend
