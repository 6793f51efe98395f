/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suture-state.h - system states for cumulative patches (the kernel
 * livepatch's klp_state), for patch authors.  `livepatch-build --format
 * klp` only for now: the suture format refuses a patch that uses it.
 *
 *   SUTURE_STATE(id, version)   this patch establishes, or keeps, system
 *                               state @id (non-zero) at @version
 *   suture_state_get(id)        this patch's struct klp_state for @id
 *                               (->data is the author's), NULL if none
 *   suture_state_prev(id)       the state @id of the patches this one
 *                               replaces, during the transition; NULL if
 *                               they had none (klp_get_prev_state())
 *
 * The kernel refuses to enable a patch while a loaded patch has a state
 * this one does not declare at the same or a higher version, so a
 * cumulative (--replace) patch cannot drop a state (e.g. a shadow
 * variable or a changed setting) that running patches established.  The
 * callbacks set up or take over the state (pre_patch / post_unpatch).
 */
#ifndef _SUTURE_STATE_H
#define _SUTURE_STATE_H

#include <linux/compiler.h>
#include "suture-abi.h"

#define SUTURE_STATE(_id, _version)                                     \
	static struct suture_abi_state __UNIQUE_ID(suture_state) __used \
	__section(SUTURE_ABI_STATES_SECTION) __aligned(8) = {           \
		.id = (_id),                                            \
		.version = (_version),                                  \
	}

struct klp_state;
struct klp_state *suture_state_get(unsigned long id);
struct klp_state *suture_state_prev(unsigned long id);

#endif /* _SUTURE_STATE_H */
