# R_X86_64_NONE relocations have no symbol (index 0): in a record's name
# field, in a load-time section (__jump_table key), in code
	.section .suture.funcs,"a"
	.balign 8
	.reloc ., R_X86_64_NONE
	.quad 0
	.reloc ., R_X86_64_NONE
	.quad 0, 0, 0, 0
	.section __jump_table,"aw"
	.reloc .+8, R_X86_64_NONE
	.quad 0, 0
	.text
	.globl f
	.type f,@function
f:	.reloc ., R_X86_64_NONE
	ret
	.size f, .-f
