/* SPDX-License-Identifier: GPL-2.0 */
/* cons_dup: what its two files share (see cons_dup_a.c). */
#include <linux/types.h>

extern int cons_dup_one;
extern bool cons_dup_block;
int cons_dup_second(void);
void cons_dup_release(void);
int cons_dup_blocked(void);
