// SPDX-License-Identifier: GPL-2.0
/* new code calling an export of a symbol namespace (EXPORT_SYMBOL_NS):
 * the patch module must import it (generator/calls-namespaced-export.symvers) */
extern int sut_ns_func(int);
extern int sut_plain_func(int);
int sut_caller(int a)
{
	return sut_ns_func(a) + sut_plain_func(a);
}
