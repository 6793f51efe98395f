// SPDX-License-Identifier: GPL-2.0
/* new code calling, jumping to and reading symbols vmlinux does not
 * export: each becomes a reloc record; the call and the tail call also get
 * a relocation to suture_record_site (for objtool on the linked module),
 * the data read does not */
extern int sut_hidden_call(int);
extern int sut_hidden_tail(int);
extern int sut_hidden_var;
int sut_caller(int a)
{
	if (a == 42)
		return sut_hidden_tail(a);
	return sut_hidden_call(a) + sut_hidden_var;
}
