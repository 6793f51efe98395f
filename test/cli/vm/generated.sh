# SPDX-License-Identifier: GPL-2.0
# Scenario: a module made by livepatch-build (cli_gen.ko, from
# test/integration/patches/callbacks-pre-post.patch): load, info (functions
# and callbacks read from its file), unload.
. ./lib.sh

run livepatch load cli_gen.ko
rc_is 0 && out_has 'cli_gen: applied' && [ "$(cat "$SYSFS/cli_gen/enabled")" = 1 ] &&
	dmesg | grep -q 'suture-test: post_patch'
verdict "load of a livepatch-build module: applied, its callbacks ran"

run livepatch info cli_gen
rc_is 0 && out_has '^functions replaced \(1\)' &&
	out_has '^callbacks \(4\)' && out_has 'pre_patch +suture_pre_patch' &&
	out_has 'post_unpatch +suture_post_unpatch' &&
	out_has '^    cmdline_proc_show,[0-9]+ +patched'
verdict "info of a loaded generated patch: functions, callbacks (from its file), objects"
emit_json info-generated "$(livepatch info --json cli_gen)"

run livepatch unload cli_gen
rc_is 0 && ! module_loaded cli_gen && dmesg | grep -q 'suture-test: post_unpatch'
verdict "unload of a generated patch: removed, its unpatch callbacks ran"

run livepatch info cli_gen
rc_is 1 && out_has 'neither loaded nor installed'
verdict "info after unload: the patch is gone"
echo "#done generated"
