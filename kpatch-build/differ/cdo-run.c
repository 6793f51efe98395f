// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-run.c - the differ's flow on two objects already read:
 * local references in shared text sections made relocations ->
 * correlate -> the author's directives -> compare -> classify/refuse -> include -> write.
 * Shared by create-diff-object (cdo-main.c) and the fuzz target.
 */
#include "cdo.h"

/**
 * cdo_run() - diff c->orig against c->patched, write c->out_path.
 *
 * Return: the exit code (CDO_EXIT_*); the lists and refusals are in @c.
 */
int cdo_run(struct cdo *c)
{
	if (cdo_insn_local_refs(c, c->orig) ||
	    cdo_insn_local_refs(c, c->patched) || cdo_correlate(c))
		goto error;
	cdo_kpatch_statics(c);
	if (cdo_compare(c))
		goto error;
	cdo_kpatch_directives(c);
	if (cdo_classify(c))
		goto error;
	cdo_layout_check(c);
	cdo_check_exports(c);
	if (c->nr_refusals)
		return CDO_EXIT_REFUSED;
	if (cdo_include(c))
		goto error;
	if (c->nr_refusals)
		return CDO_EXIT_REFUSED;
	cdo_line_only_bugs(c);
	if (!c->changed.nr && !c->added.nr)
		return CDO_EXIT_NOCHANGE;
	if (cdo_write(c))
		goto error;
	return CDO_EXIT_DIFF;
error:
	return c->nr_refusals ? CDO_EXIT_REFUSED : CDO_EXIT_BADINPUT;
}
