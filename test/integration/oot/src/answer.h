/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SUT_OOT_ANSWER_H
#define _SUT_OOT_ANSWER_H
int sut_oot_answer(void);
#endif
