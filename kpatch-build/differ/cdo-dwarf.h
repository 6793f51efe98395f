/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdo-dwarf.h - reading an object's DWARF (cdo-dwarf.c), for the parts of
 * the differ that need it.
 */
#ifndef _SUTURE_CDO_DWARF_H
#define _SUTURE_CDO_DWARF_H

#include <dwarf.h>
#include <elfutils/libdwfl.h>

int cdo_dwarf_each_cu(const char *path, int (*fn)(Dwarf_Die *cu, void *arg),
		      void *arg);

#endif /* _SUTURE_CDO_DWARF_H */
