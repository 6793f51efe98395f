# Stand-in for module target sutmod: sut_fn and the two keys
# jump-label-keys.s uses, global and not exported.
	.text
	.globl	sut_fn
	.type	sut_fn, @function
sut_fn:	ret
	.size	sut_fn, .-sut_fn
	.data
	.globl	__tracepoint_sut_tp
__tracepoint_sut_tp:
	.quad	0
	.globl	sut_key
sut_key:
	.quad	0
