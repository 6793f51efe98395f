/* SPDX-License-Identifier: GPL-2.0 */
/* tramp.h - the trampoline pool of tramp.S, shared with direct.c. */
#ifndef _SUTURE_TRAMP_H
#define _SUTURE_TRAMP_H

/* Slots in tramp.S: ten to the power of the digits of their names. */
#define SUTURE_TRAMP_SLOTS 1000

#ifndef __ASSEMBLY__
/* Per slot: its entry and the address of its jmp instruction. */
struct suture_tramp_slot {
	unsigned long entry;
	unsigned long jmp;
};

extern const struct suture_tramp_slot suture_tramp_table[SUTURE_TRAMP_SLOTS];
void suture_tramp_stray(void);
void suture_tramp_ret(void); /* returns to the address on the stack */
extern const char suture_tramp_end[]; /* one past the pool's code */
#endif

#endif /* _SUTURE_TRAMP_H */
