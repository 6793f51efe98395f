/* SPDX-License-Identifier: GPL-2.0 */
/* a type defined only in a header (as most kernel types are) */
struct sut_hdr_state {
	int mode;
#ifdef PATCHED
	long flags;
#endif
	long total;
};
