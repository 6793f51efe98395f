/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch-syscall.h - KPATCH_SYSCALL_DEFINE1..6 for patching a system call
 * (x86_64).  Use it in place of SYSCALL_DEFINEn in the patched file:
 *
 *   #include "kpatch-syscall.h"
 *   KPATCH_SYSCALL_DEFINE1(foo, int, arg)
 *   { ... }
 *
 * It expands like SYSCALL_DEFINEn (same syscall metadata, error-injection
 * entry and __x64_sys_foo/__ia32_sys_foo/__se_sys_foo stubs, so that data
 * stays identical to the running kernel's), except that the body becomes a
 * function of a new name, __suture_do_sys_foo.  SYSCALL_DEFINEn's body,
 * __do_sys_foo, is "static inline": when the compiler keeps it out of line
 * it is notrace and ftrace cannot redirect it.  With a new name the stubs,
 * which ftrace can redirect, are what the patch replaces.
 *
 * No longer required: create-diff-object now replaces a changed
 * __do_sys_foo through its callers (it becomes a new function of the
 * patch module, the stubs are replaced), so a plain SYSCALL_DEFINEn body
 * change builds too.  This header keeps working for existing patches.
 */
#ifndef _SUTURE_KPATCH_SYSCALL_H
#define _SUTURE_KPATCH_SYSCALL_H

#include <linux/syscalls.h>
#include "kpatch-macros.h"

#ifndef CONFIG_X86_64
#error "kpatch-syscall.h: only x86_64 is supported"
#endif

#define __SUTURE_SYSCALL_DEFINEx(x, name, ...)                              \
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__));       \
	static inline long __suture_do_sys##name(                           \
		__MAP(x, __SC_DECL, __VA_ARGS__));                          \
	__X64_SYS_STUBx(x, name, __VA_ARGS__) __IA32_SYS_STUBx(             \
		x, name,                                                    \
		__VA_ARGS__) static long __se_sys##name(__MAP(x, __SC_LONG, \
							      __VA_ARGS__)) \
	{                                                                   \
		long ret = __suture_do_sys##name(                           \
			__MAP(x, __SC_CAST, __VA_ARGS__));                  \
		__MAP(x, __SC_TEST, __VA_ARGS__);                           \
		__PROTECT(x, ret, __MAP(x, __SC_ARGS, __VA_ARGS__));        \
		return ret;                                                 \
	}                                                                   \
	static inline long __suture_do_sys##name(                           \
		__MAP(x, __SC_DECL, __VA_ARGS__))

#define __SUTURE_SYSCALL(x, sname, ...)         \
	SYSCALL_METADATA(sname, x, __VA_ARGS__) \
	__SUTURE_SYSCALL_DEFINEx(x, sname, __VA_ARGS__)

#define KPATCH_SYSCALL_DEFINE1(name, ...) \
	__SUTURE_SYSCALL(1, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...) \
	__SUTURE_SYSCALL(2, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...) \
	__SUTURE_SYSCALL(3, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...) \
	__SUTURE_SYSCALL(4, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...) \
	__SUTURE_SYSCALL(5, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...) \
	__SUTURE_SYSCALL(6, _##name, __VA_ARGS__)

#endif /* _SUTURE_KPATCH_SYSCALL_H */
