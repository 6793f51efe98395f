# SPDX-License-Identifier: GPL-2.0
# Read by every make of a livepatch-build run in the prepared tree (through
# the MAKEFILES environment variable, with SUTURE_QUERY=1).  Each directory
# Kbuild descends into for one of the goals prints what it builds in this
# config, so livepatch-build knows whether a unit is built at all and
# whether into vmlinux or a module:
#   SUTURE-KBUILD <dir> |y <built-in objs> |m <module objs> |l <lib objs> |d <subdirs>
# SUTURE_QUERY=only (with make -k): the goals themselves are not made (a
# failed prerequisite), so a unit this config does not build is never
# compiled: only asked about.
ifneq ($(SUTURE_QUERY),)
ifneq ($(obj),)
$(filter $(obj)/%,$(MAKECMDGOALS)): suture-query-$(obj)
.PHONY: suture-query-$(obj)
suture-query-$(obj):
	@echo "SUTURE-KBUILD $(obj) |y $(real-obj-y) |m $(real-obj-m) |l $(lib-y) |d $(subdir-ym)"
ifeq ($(SUTURE_QUERY),only)
	@false
endif
endif
endif
