# SPDX-License-Identifier: GPL-2.0
# Read by every make of a livepatch-build run in the prepared tree (through
# the MAKEFILES environment variable, with SUTURE_QUERY=1).  Each directory
# Kbuild descends into for one of the goals prints what it builds in this
# config, so livepatch-build knows whether a unit is built at all and
# whether into vmlinux or a module:
#   SUTURE-KBUILD <dir> |y <built-in objs> |m <module objs> |l <lib objs> |d <subdirs>
ifneq ($(SUTURE_QUERY),)
ifneq ($(obj),)
$(filter $(obj)/%,$(MAKECMDGOALS)): suture-query-$(obj)
.PHONY: suture-query-$(obj)
suture-query-$(obj):
	@echo "SUTURE-KBUILD $(obj) |y $(real-obj-y) |m $(real-obj-m) |l $(lib-y) |d $(subdir-ym)"
endif
endif
