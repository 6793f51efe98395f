/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suture-state.h - system states for cumulative patches, for patch
 * authors.  One header for both formats: suture.ko keeps them for
 * `livepatch-build` (--format suture), the kernel's livepatch
 * (klp_patch.states, a klp_state of the same layout) for --format klp.
 *
 *   SUTURE_STATE(id, version)   this patch establishes, or keeps, system
 *                               state @id (non-zero) at @version
 *   suture_state_get(id)        this patch's struct suture_state for @id
 *                               (->data is the author's), NULL if none
 *   suture_state_prev(id)       the state @id of the patches this one
 *                               replaces or stacks on, while this patch is
 *                               being enabled (its pre_patch and post_patch
 *                               callbacks); NULL if they had none
 *
 * Enabling a patch is refused while a running patch has a state this one
 * declares at a lower version, and, for a cumulative (--replace) patch,
 * one it does not declare: a replace cannot drop a state (e.g. a shadow
 * variable or a changed setting) that running patches established.  The
 * callbacks set up or take over the state (pre_patch / post_unpatch).
 * Suture's format and the klp format are separate stacks: a state is only
 * seen by patches of the same format.
 */
#ifndef _SUTURE_STATE_H
#define _SUTURE_STATE_H

#include <linux/compiler.h>
#include "suture-abi.h"

/**
 * struct suture_state - a system state a patch establishes or keeps
 * @id:      non-zero, chosen by the patch author
 * @version: bumped when the state's meaning changes
 * @data:    the patch's own (its callbacks set and read it)
 *
 * The layout of the kernel's struct klp_state (checked in klp-glue.c).
 */
struct suture_state {
	unsigned long id;
	unsigned int version;
	void *data;
};

#define SUTURE_STATE(_id, _version)                                     \
	static struct suture_abi_state __UNIQUE_ID(suture_state) __used \
	__section(SUTURE_ABI_STATES_SECTION) __aligned(8) = {           \
		.id = (_id),                                            \
		.version = (_version),                                  \
	}

struct suture_state *suture_state_get(unsigned long id);
struct suture_state *suture_state_prev(unsigned long id);

#endif /* _SUTURE_STATE_H */
