# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
M=x86_cpu_bugs_sysfs_report
V=/sys/devices/system/cpu/vulnerabilities
before=$(cat $V/*)
echo "$before" | grep -q 'Not affected$' || fail "no 'Not affected' entry to watch: $before"
rw_load $M
rw_patched $M vmlinux cpu_show_common.constprop.0,1
during=$(cat $V/*)
echo "$during" | grep -q 'Not affected (live patched)$' || fail "patched report: $during"
[ "$(echo "$during" | wc -l)" = "$(echo "$before" | wc -l)" ] || fail "entries changed"
rw_unload $M
[ "$(cat $V/*)" = "$before" ] || fail "report after unloading: $(cat $V/*)"
