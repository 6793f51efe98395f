/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch-syscall.h - KPATCH_SYSCALL_DEFINE1..6 for patching a system call
 * (x86_64).  Use it in place of SYSCALL_DEFINEn in the patched file:
 *
 *   #include "kpatch-syscall.h"
 *   KPATCH_SYSCALL_DEFINE1(foo, int, arg)
 *   { ... }
 *
 * It defines the same functions as SYSCALL_DEFINEn (__x64_sys_foo,
 * __ia32_sys_foo, __se_sys_foo, __do_sys_foo) without the syscall trace
 * metadata and the error-injection entries, which are new static data a
 * live patch cannot add to the running kernel's tables.
 */
#ifndef _SUTURE_KPATCH_SYSCALL_H
#define _SUTURE_KPATCH_SYSCALL_H

#include <linux/syscalls.h>
#include "kpatch-macros.h"

#define __SUTURE_SYS_STUBx(abi, name, ...)				\
	long __##abi##_##name(const struct pt_regs *regs);		\
	long __##abi##_##name(const struct pt_regs *regs)		\
	{								\
		return __se_##name(__VA_ARGS__);			\
	}

#define __SUTURE_X64_SYS_STUBx(x, name, ...)				\
	__SUTURE_SYS_STUBx(x64, sys##name,				\
			   SC_X86_64_REGS_TO_ARGS(x, __VA_ARGS__))

#ifdef CONFIG_IA32_EMULATION
#define __SUTURE_IA32_SYS_STUBx(x, name, ...)				\
	__SUTURE_SYS_STUBx(ia32, sys##name,				\
			   SC_IA32_REGS_TO_ARGS(x, __VA_ARGS__))
#else
#define __SUTURE_IA32_SYS_STUBx(x, name, ...)
#endif

#define __SUTURE_SYSCALL_DEFINEx(x, name, ...)				\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__));	\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__));\
	__SUTURE_X64_SYS_STUBx(x, name, __VA_ARGS__)			\
	__SUTURE_IA32_SYS_STUBx(x, name, __VA_ARGS__)			\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__))	\
	{								\
		long ret = __do_sys##name(__MAP(x, __SC_CAST, __VA_ARGS__));\
		__MAP(x, __SC_TEST, __VA_ARGS__);			\
		__PROTECT(x, ret, __MAP(x, __SC_ARGS, __VA_ARGS__));	\
		return ret;						\
	}								\
	static inline long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define KPATCH_SYSCALL_DEFINE1(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...)				\
	__SUTURE_SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

#endif /* _SUTURE_KPATCH_SYSCALL_H */
