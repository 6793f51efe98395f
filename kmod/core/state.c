// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - system states of cumulative patches (suture-state.h), as the
 * kernel's livepatch keeps them (kernel/livepatch/state.c): a patch lists
 * the states it establishes or keeps; enabling one is refused when it
 * would lower the version of a state an enabled patch has, or, for a
 * replace, drop one; while a patch is being enabled its callbacks can
 * read the state of the patches it replaces or stacks on.
 *
 * Locking: suture_mutex (held by the core around enabling and the
 * callbacks).
 */
#define pr_fmt(fmt) "suture: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include "internal.h"

#define suture_for_each_state(patch, state) \
	for (state = (patch)->states; state && state->id; state++)

/* the patch being enabled: from its checks until its transition ends */
static struct suture_patch *enabling;

/**
 * suture_patch_state() - @patch's system state @id
 * @patch: a patch (its module calls this through suture_state_get())
 * @id:    the id given to SUTURE_STATE()
 *
 * Return: the state, or NULL when @patch does not declare @id.
 */
struct suture_state *suture_patch_state(struct suture_patch *patch,
					unsigned long id)
{
	struct suture_state *state;

	suture_for_each_state(patch, state)
		if (state->id == id)
			return state;
	return NULL;
}
EXPORT_SYMBOL_GPL(suture_patch_state);

/**
 * suture_patch_prev_state() - state @id of the patches below @patch
 * @patch: the patch being enabled (from its pre_patch or post_patch
 *         callback, through suture_state_prev())
 * @id:    the id given to SUTURE_STATE()
 *
 * Looks at the enabled patches registered before @patch and, once a
 * replace completed, the ones it retired (their modules are still
 * loaded until its post_patch callbacks have run).
 *
 * Return: the newest such patch's state @id, or NULL (none of them has
 * it, or @patch is not being enabled).
 */
struct suture_state *suture_patch_prev_state(struct suture_patch *patch,
					     unsigned long id)
{
	struct suture_state *found = NULL, *state;
	struct suture_patch *old;

	if (patch != READ_ONCE(enabling)) {
		pr_warn("%s: suture_state_prev() outside of its enable\n",
			patch->mod->name);
		return NULL;
	}
	list_for_each_entry(old, &suture_patches, list) {
		if (old == patch)
			break;
		if (!old->enabled && old->replaced_by != patch)
			continue;
		state = suture_patch_state(old, id);
		if (state)
			found = state;
	}
	return found;
}
EXPORT_SYMBOL_GPL(suture_patch_prev_state);

/**
 * suture_states_validate() - @patch's state list is well formed
 * @patch: a patch being registered
 *
 * Return: 0, or -EINVAL (logged) for an id given twice.
 */
int suture_states_validate(struct suture_patch *patch)
{
	struct suture_state *a, *b;

	suture_for_each_state(patch, a)
		for (b = patch->states; b < a; b++)
			if (b->id == a->id) {
				pr_err("%s: system state %lu listed twice\n",
				       patch->mod->name, a->id);
				return -EINVAL;
			}
	return 0;
}

/*
 * Can @patch take over @old's @state?  A replace must declare it, any
 * patch declaring it must do so at the same or a higher version.
 */
static int state_compatible(struct suture_patch *patch,
			    struct suture_patch *old,
			    struct suture_state *state)
{
	struct suture_state *mine = suture_patch_state(patch, state->id);

	if (!mine && patch->replace) {
		pr_err("%s: not compatible with the running patches: %s "
		       "established system state %lu (version %u), which "
		       "this replace patch does not declare; add "
		       "SUTURE_STATE(%lu, %u) and take it over in its "
		       "callbacks\n",
		       patch->mod->name, old->mod->name, state->id,
		       state->version, state->id, state->version);
		return -EINVAL;
	}
	if (mine && mine->version < state->version) {
		pr_err("%s: not compatible with the running patches: it "
		       "declares system state %lu at version %u, below "
		       "version %u of %s\n",
		       patch->mod->name, state->id, mine->version,
		       state->version, old->mod->name);
		return -EINVAL;
	}
	return 0;
}

/**
 * suture_states_begin() - check @patch's states, mark it being enabled
 * @patch: the patch about to be enabled; suture_mutex held
 *
 * Return: 0 (suture_states_end() must follow), or -EINVAL (logged) when
 * an enabled patch has a state @patch cannot take over.
 */
int suture_states_begin(struct suture_patch *patch)
{
	struct suture_patch *old;
	struct suture_state *state;
	int ret;

	lockdep_assert_held(&suture_mutex);
	list_for_each_entry(old, &suture_patches, list) {
		if (old == patch || !old->enabled)
			continue;
		suture_for_each_state(old, state) {
			ret = state_compatible(patch, old, state);
			if (ret)
				return ret;
		}
	}
	WRITE_ONCE(enabling, patch);
	return 0;
}

/**
 * suture_states_end() - @patch's enable is over (done, failed, reversed)
 * @patch: the patch given to suture_states_begin(); suture_mutex held
 */
void suture_states_end(struct suture_patch *patch)
{
	struct suture_patch *old;

	if (READ_ONCE(enabling) != patch)
		return;
	WRITE_ONCE(enabling, NULL);
	/* a later patch may come at the same address */
	list_for_each_entry(old, &suture_patches, list)
		if (old->replaced_by == patch)
			old->replaced_by = NULL;
}
