# Diff object for create-patch-module: sut_fn with a jump label on a
# tracepoint's key (__tracepoint_sut_tp) and, with --defsym OTHER=1, one
# on another key (sut_key).  Both keys are global, not exported: in
# module target sutmod (jump-label-target.s) or in vmlinux (a map).
	.text
	.globl	sut_fn
	.type	sut_fn, @function
sut_fn:
1:	.byte 0x0f,0x1f,0x44,0x00,0x00
	ret
2:	.byte 0x0f,0x1f,0x44,0x00,0x00
	ret
3:	ret
	.size	sut_fn, .-sut_fn
	.section __jump_table, "aw"
	.balign 8
	.long 1b - .
	.long 3b - .
	.quad __tracepoint_sut_tp - .
.ifdef OTHER
	.long 2b - .
	.long 3b - .
	.quad sut_key - .
.endif
