// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-dwarf.c - the differ's one way into an object's DWARF: libdwfl
 * reads the file (an ET_REL object: it applies the relocations of
 * .debug_info, .debug_str_offsets ...) and each compilation unit is
 * handed to a callback.  Used by cdo-propagate.c (which functions were
 * declared inline) and cdo-layout.c (struct/union layouts).
 */
#include <unistd.h>

#include "cdo-dwarf.h"

/**
 * cdo_dwarf_each_cu() - call @fn on each compilation unit of @path.
 * @path: the object file
 * @fn: callback; a non-zero return stops the walk and is returned
 * @arg: passed to @fn
 *
 * Return: 0 after every unit, @fn's non-zero value, or -1 when @path
 * cannot be read or has no DWARF.
 */
int cdo_dwarf_each_cu(const char *path, int (*fn)(Dwarf_Die *cu, void *arg),
		      void *arg)
{
	static const Dwfl_Callbacks cb = {
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf_Die *cu = NULL;
	Dwfl *dwfl;
	int ret = 0;

	if (!path || access(path, R_OK))
		return -1;
	dwfl = dwfl_begin(&cb);
	if (!dwfl)
		return -1;
	mod = dwfl_report_offline(dwfl, "object", path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	if (!mod || !dwfl_module_getdwarf(mod, &bias)) {
		dwfl_end(dwfl);
		return -1;
	}
	while (!ret && (cu = dwfl_module_nextcu(mod, cu, &bias)))
		ret = fn(cu, arg);
	dwfl_end(dwfl);
	return ret;
}
