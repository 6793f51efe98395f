# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Checks of livepatch-build's shell library (kpatch-build/lib/units.sh),
# sourced by run (uses tap.sh, $top, $kpb, $work, $here): each failure of a
# step it calls must stop the build with a message, never drop work.
# Each check runs in a subshell that sources the library the way
# livepatch-build does; the inputs are in driver/.
# shellcheck disable=SC2154

# lib_run NAME CODE: run CODE with the library loaded; prints its stderr,
# exits with its status
lib_run() {
	(
		set -euo pipefail
		# shellcheck source=kpatch-build/lib/common.sh
		. "$kpb/lib/common.sh"
		# shellcheck source=kpatch-build/lib/units.sh
		. "$kpb/lib/units.sh"
		BINDIR=$kpb/bin
		SCR=$work/lib-scr
		rm -rf "$SCR"
		mkdir -p "$SCR/log" "$SCR/a" "$SCR/b" "$SCR/lined"
		eval "$1"
	) 2>&1
}

# expect_die NAME REGEX CODE: CODE must fail with a message matching REGEX
expect_die() {
	local out rc=0
	out=$(lib_run "$3") || rc=$?
	if [ "$rc" -ne 0 ] && grep -qE "$2" <<<"$out"; then
		tap_ok "driver: $1 ($(grep -m1 -oE 'error: .*' <<<"$out" | cut -c8-90))"
	else
		tap_fail "driver: $1" "exit status $rc, expected a failure matching: $2" \
			"$out"
	fi
}

driver_lib_checks() {
	local d=$here/driver out tree=$work/lib-tree

	# patch files: lines inside a hunk are never file headers
	out=$(lib_run "patch_files '$d/hunk-line-like-header.patch'")
	if [ "$out" = $'fs/proc/cmdline.c\nfs/proc/version.c' ]; then
		tap_ok "driver: a hunk's '--- '/'+++ ' lines are not file headers"
	else
		tap_fail "driver: a hunk's '--- '/'+++ ' lines are not file headers" \
			"files listed: ${out//$'\n'/ }"
	fi
	expect_die "a unit linked into several modules is refused, naming them" \
		"linked into several modules \\(liquidio, liquidio_vf\\)" \
		"declare -A UNIT_OBJ UNIT_KO; MODDIR=/nonexistent
		unit_binary drivers/net/lq/cn.c \"gcc -DMODULE -DKBUILD_MODNAME='\\\"liquidio:liquidio_vf\\\"' -c -o drivers/net/lq/cn.o\""
	expect_die "a patch whose last hunk is cut short is an error" \
		"cut short" "patch_files '$d/cut-short.patch'"

	# find-includers failing (no tree) must stop the build, for a .c that
	# other .c files may #include and for a header's candidates
	expect_die "find-includers failing for a changed .c stops the build" \
		"find-includers failed" \
		"TREE=$tree/none CHANGED=(kernel/x.c) HDR_IQUOTE=; find_units"
	expect_die "find-includers failing for a changed header stops the build" \
		"find-includers failed" \
		"TREE=$tree/none CHANGED=(include/x.h) HDR_IQUOTE=; find_units"
	# its limit is said, never a silently shortened list
	mkdir -p "$tree/inc" "$tree/u"
	: >"$tree/inc/h.h"
	for i in 1 2 3; do
		echo '#include "../inc/h.h"' >"$tree/u/u$i.c"
	done
	out=$("$kpb/bin/find-includers" --max 2 "$tree" inc/h.h 2>&1)
	if [ $? = 3 ] && grep -q "more than 2 source files include inc/h.h" <<<"$out"; then
		tap_ok "driver: find-includers over its limit says so (exit 3)"
	else
		tap_fail "driver: find-includers over its limit says so (exit 3)" "$out"
	fi
	expect_die "more candidates than the limit stops the build" \
		"more than 2 source files include inc/h.h.*too many units" \
		"TREE=$tree; find_includers --max 2 inc/h.h"
	# --by-distance: direct includers first (the header decision counts
	# the nearest first), sorted otherwise
	mkdir -p "$tree/near"
	echo '#include "../inc/h.h"' >"$tree/near/m.h"
	echo '#include "m.h"' >"$tree/near/a.c"
	echo '#include "../inc/h.h"' >"$tree/near/z.c"
	rm -f "$tree/.suture-includes"
	out=$("$kpb/bin/find-includers" --by-distance "$tree" inc/h.h 2>&1 | grep near/)
	if [ "$out" = "$(printf 'near/z.c\nnear/a.c')" ] &&
		[ "$("$kpb/bin/find-includers" "$tree" inc/h.h | grep near/ | head -n 1)" = near/a.c ]; then
		tap_ok "driver: find-includers --by-distance lists direct includers first"
	else
		tap_fail "driver: find-includers --by-distance lists direct includers first" "$out"
	fi
	# its index follows the tree (a -s tree is edited between builds): a
	# new includer and one that no longer includes the header are seen
	echo '#include "../inc/h.h"' >"$tree/near/new.c"
	echo '/* h.h no more */' >"$tree/near/z.c"
	touch -d '+1 min' "$tree/near/new.c" "$tree/near/z.c"
	out=$("$kpb/bin/find-includers" "$tree" inc/h.h 2>&1 | grep near/ | sort)
	if [ "$out" = "$(printf 'near/a.c\nnear/new.c')" ]; then
		tap_ok "driver: find-includers indexes a changed tree again"
	else
		tap_fail "driver: find-includers indexes a changed tree again" "$out"
	fi
	# files moved, removed or added with old times (mv, tar, cp -p) are
	# seen too: the index carries the tree's fingerprint, not a time
	mkdir -p "$tree/moved"
	mv "$tree/near/new.c" "$tree/moved/new.c"
	echo '#include "../inc/h.h"' >"$tree/near/old.c"
	touch -d '2001-01-01' "$tree/near/old.c"
	out=$("$kpb/bin/find-includers" "$tree" inc/h.h 2>&1 |
		grep -E 'near/|moved/' | sort)
	if [ "$out" = "$(printf 'moved/new.c\nnear/a.c\nnear/old.c')" ]; then
		tap_ok "driver: find-includers sees files moved or added with old times"
	else
		tap_fail "driver: find-includers sees files moved or added with old times" "$out"
	fi
	rm "$tree/near/old.c"
	out=$("$kpb/bin/find-includers" "$tree" inc/h.h 2>&1 | grep -E 'near/|moved/' | sort)
	if [ "$out" = "$(printf 'moved/new.c\nnear/a.c')" ]; then
		tap_ok "driver: find-includers drops a removed file"
	else
		tap_fail "driver: find-includers drops a removed file" "$out"
	fi

	# --included: of a list, the files some source file includes (a .c
	# included by a header only a .c includes counts; one included by a
	# header nothing includes does not), in one run
	mkdir -p "$tree/incl"
	echo '/* c */' >"$tree/incl/direct.c"
	echo '/* c */' >"$tree/incl/via.c"
	echo '/* c */' >"$tree/incl/orphan.c"
	echo '/* c */' >"$tree/incl/alone.c"
	echo '#include "direct.c"' >"$tree/incl/top.c"
	echo '#include "via.c"' >"$tree/incl/via.h"
	echo '#include "via.h"' >"$tree/incl/user.c"
	echo '#include "orphan.c"' >"$tree/incl/unused.h"
	out=$("$kpb/bin/find-includers" --included "$tree" incl/alone.c \
		incl/direct.c incl/orphan.c incl/via.c 2>&1)
	if [ "$out" = "$(printf 'incl/direct.c\nincl/via.c')" ]; then
		tap_ok "driver: find-includers --included keeps the included files"
	else
		tap_fail "driver: find-includers --included keeps the included files" "$out"
	fi

	# a failed makefile search (grep: exit 2) stops the build
	mkdir -p "$tree/virt/kvm"
	: >"$tree/virt/kvm/k.c"
	expect_die "a failed search for the makefile building a unit stops the build" \
		"searching the makefiles that build virt/kvm/k.c failed" \
		"grep() { return 2; }; TREE=$tree UNITS=(virt/kvm/k.c); claim_units"

	# a failed diff in the line mapping is an error, not a shorter file
	mkdir -p "$work/lib-scr"
	expect_die "a failed diff in the line mapping stops the build" \
		"line mapping of x.c: diff failed" \
		"printf 'a\nb\nc\n' >\"\$SCR/a/x.c\"; printf 'a\nB\nc\n' >\"\$SCR/b/x.c\"
		diff() { command diff \"\$@\" | head -n 2; return 2; }
		TREE=$tree SCR_OK=1; line_map x.c x.c"

	# an export whose symbol version (genksyms CRC) changes is refused
	local gk=${SUTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/suture}/src/$KREL/tree/scripts/genksyms/genksyms
	if [ ! -x "$gk" ]; then
		tap_skip "driver: an export whose symbol version changes is refused" \
			"no prepared kernel tree for $KREL (genksyms)"
	else
		mkdir -p "$tree/scripts/genksyms"
		ln -sf "$gk" "$tree/scripts/genksyms/genksyms"
		printf 'int sut_f(int a);\n__GENKSYMS_EXPORT_SYMBOL(sut_f);\n' >"$tree/x.c"
		printf 'long sut_f(long a);\n__GENKSYMS_EXPORT_SYMBOL(sut_f);\n' >"$tree/y.c"
		expect_die "an export whose symbol version changes is refused" \
			"exported sut_f changes its symbol version \(0x[0-9a-f]+ -> 0x" \
			"TREE=$tree UNITS=(x.c); mkdir -p \"\$SCR/orig\" \"\$SCR/patched\"
			\"$gk\" -r /dev/null <$tree/x.c >\"\$SCR/orig/x.o.cmd\"
			echo \"gcc -c -o \$SCR/patched/x.o $tree/y.c\" >\"\$SCR/patched/x.o.sh\"
			check_export_crcs"
		# a struct of the unit itself is no header type for genksyms:
		# the scratch copy (#line "z.c") must count as the unit
		printf 'struct sut_s { int a; };\nint sut_g(struct sut_s *p);\n__GENKSYMS_EXPORT_SYMBOL(sut_g);\n' \
			>"$tree/z.c"
		out=$(lib_run "TREE=$tree UNITS=(z.c); mkdir -p \"\$SCR/orig\" \"\$SCR/patched\"
			(cd $tree && gcc -E z.c | \"$gk\" -r /dev/null) >\"\$SCR/orig/z.o.cmd\"
			{ echo '#line 1 \"z.c\"'; cat $tree/z.c; } >\"\$SCR/lined/z.c\"
			echo \"gcc -c -o \$SCR/patched/z.o \$SCR/lined/z.c\" >\"\$SCR/patched/z.o.sh\"
			check_export_crcs && echo same")
		if [ "$out" = same ]; then
			tap_ok "driver: an export whose symbol version stays is accepted (compiled from the scratch copy)"
		else
			tap_fail "driver: an export whose symbol version stays is accepted (compiled from the scratch copy)" "$out"
		fi
	fi

	# paths Kbuild and the generated commands cannot take as one word
	expect_die "a scratch directory with white space is refused" \
		"scratch directory.*white space" \
		"SCR='$work/lib scr'; TREE=$tree PATCHES=('$d/cut-short.patch'); stage_patches"

	# the kallsyms snapshot of a target whose Debian build is unknown is
	# keyed by its image, never shared as "kallsyms-unknown"
	local kr=$work/kroot sum
	mkdir -p "$kr/boot"
	echo image-one >"$kr/boot/vmlinuz-sut"
	sum=$(sha1sum <"$kr/boot/vmlinuz-sut" | cut -c1-16)
	mkdir -p "$work/kcache/src/sut"
	awk 'BEGIN { for (i = 1; i <= 1200; i++) printf "ffffffff%08x T sut_%d\n", i * 16, i }' \
		>"$work/kcache/src/sut/kallsyms-image-$sum"
	cp "$work/kcache/src/sut/kallsyms-image-$sum" "$work/kcache/src/sut/kallsyms-unknown"
	out=$(lib_run ". '$kpb/lib/target.sh'; REL=sut KBUILD_VERSION=unknown
		KROOT=$kr CACHE=$work/kcache VMLINUX= SYSMAP=; resolve_symbols
		echo \"\$SYSMAP\"" | tail -n 1)
	if [ "$out" = "$work/kcache/src/sut/kallsyms-image-$sum" ]; then
		tap_ok "driver: an unknown build's kallsyms snapshot is keyed by its image"
	else
		tap_fail "driver: an unknown build's kallsyms snapshot is keyed by its image" "$out"
	fi
	expect_die "an unknown build without a readable image has no kallsyms snapshot" \
		"build is unknown and .* cannot be read" \
		". '$kpb/lib/target.sh'; REL=sut KBUILD_VERSION=unknown
		KROOT=$kr/none CACHE=$work/kcache VMLINUX= SYSMAP=; resolve_symbols"

	# module_layout's Makefile: the one assigning MOD.o to obj-..., not an
	# included fragment that only adds to MOD-y (nouveau's dispnv50/Kbuild)
	mkdir -p "$work/mk/drm/nv/disp"
	# shellcheck disable=SC2016  # Makefile text
	printf 'ccflags-y += -I $(src)\ninclude $(src)/disp/Kbuild\nobj-$(CONFIG_NV) := \\\n\tnv.o\n' \
		>"$work/mk/drm/nv/Kbuild"
	printf 'nv-y += disp/core.o\n' >"$work/mk/drm/nv/disp/Kbuild"
	out=$(lib_run ". '$kpb/lib/positions.sh'
		for d in drm/nv/disp drm/nv; do
			module_makefile nv '$work/mk/'\$d/Makefile '$work/mk/'\$d/Kbuild >/dev/null &&
				echo \$d
		done")
	if [ "$out" = drm/nv ]; then
		tap_ok "driver: a module's Makefile is the one naming MOD.o in obj- (not an included MOD-y fragment)"
	else
		tap_fail "driver: a module's Makefile is the one naming MOD.o in obj- (not an included MOD-y fragment)" "$out"
	fi
	# KBUILD_MODNAME kvm_intel is kvm-intel.o in arch/x86/kvm/Makefile:
	# found, its spelling printed; "intel" is not that module
	mkdir -p "$work/mk/kvm"
	# shellcheck disable=SC2016  # Makefile text
	printf 'kvm-intel-y += vmx/vmx.o\nobj-$(CONFIG_KVM_INTEL) += kvm-intel.o\n' \
		>"$work/mk/kvm/Makefile"
	out=$(lib_run ". '$kpb/lib/positions.sh'
		module_makefile kvm_intel '$work/mk/kvm/Makefile'; echo rc=\$?
		module_makefile intel '$work/mk/kvm/Makefile' || echo rc=\$?")
	if [ "$out" = $'kvm-intel\nrc=0\nrc=1' ]; then
		tap_ok "driver: a module's Makefile may spell its name with '-' (kvm_intel: kvm-intel.o)"
	else
		tap_fail "driver: a module's Makefile may spell its name with '-' (kvm_intel: kvm-intel.o)" "$out"
	fi

	# the static key hint offers --format klp for vmlinux keys only (the
	# kernel applies a module's livepatch relocations after its jump
	# labels are set up: enable_evmcs of kvm_intel)
	out=$(lib_run "printf '%s\\n' \
		'create-patch-module: error: n.c: the patched code uses static key enable_evmcs of module kvm_intel, which is not exported' \
		'create-patch-module: error: t.c: the patched code uses static key rdpmc_never_available_key, which is not exported' \
		'create-diff-object: refused: __jump_table entry of an included function uses loc_key, local to the original object' \
		>\$SCR/log/g; static_key_hint \$SCR/log/g kvm_intel")
	if [ "$(grep -c 'format klp' <<<"$out")" = 1 ] &&
		grep -q 'rdpmc_never_available_key.*format klp' <<<"$out" &&
		grep -q 'hint: enable_evmcs' <<<"$out" &&
		grep -q 'hint: loc_key' <<<"$out"; then
		tap_ok "driver: the static key hint offers --format klp for a vmlinux key only"
	else
		tap_fail "driver: the static key hint offers --format klp for a vmlinux key only" "$out"
	fi

	# --update-to triage: a failed compile whose errors quote a name that
	# one changed header adds and the last one does not; under set -e and
	# pipefail, update_needs names the first and returns (before, its loop
	# ended on the last header's no-match: the job died, no verdict)
	local nd=$tree/needs-run
	mkdir -p "$tree/needs/a" "$tree/needs/b" "$nd/orig" "$nd/patched" \
		"$nd/log" "$nd/p"
	: >"$tree/needs/a/x.h"
	: >"$tree/needs/b/y.h"
	printf 'deps_u.o := \\\n  a/x.h \\\n  b/y.h \\\n\n' >"$nd/orig/u.o.cmd"
	echo "$nd/patched/u.o.sh" >"$nd/patched/jobs"
	echo "u.c:3:9: error: ‘NEWNAME’ undeclared" >"$nd/log/patched"
	echo '+#define NEWNAME 1' >"$nd/p/1"
	echo '+int other;' >"$nd/p/2"
	out=$(lib_run ". '$kpb/lib/update.sh'; TREE='$tree/needs'
		UPD_CANDS=(a/x.h b/y.h); SKIP_FILES=()
		UPD_PATCH[a/x.h]='$nd/p/1'; UPD_PATCH[b/y.h]='$nd/p/2'
		update_needs '$nd'; echo rc=\$?
		cat '$nd/needs-h' '$nd/needs-named'")
	if [ "$out" = $'rc=0\na/x.h\nb/y.h\na/x.h' ]; then
		tap_ok "driver: update_needs names the changed header adding a quoted name, whatever the last one"
	else
		tap_fail "driver: update_needs names the changed header adding a quoted name, whatever the last one" \
			"$out"
	fi

	# an error in a changed file that is no failed unit (kvm_host.h's old
	# text naming a member kvm-x86-ops.h's change drops) names that file
	# first, with the changed failed units; unchanged and scratch ones not
	printf '%s\n' \
		"./c/z.h:1902:72: error: ‘struct ops’ has no member named ‘old’" \
		"b/y.h:2:1: error: unknown type name ‘x’" \
		"$nd/lined/a/x.h:3:1: error: expected ‘;’" \
		"u.c:3:9: error: ‘NEWNAME’ undeclared" >"$nd/log/patched"
	out=$(lib_run ". '$kpb/lib/update.sh'; TREE='$tree/needs'
		UPD_CANDS=(a/x.h c/z.h); SKIP_FILES=()
		UPD_PATCH[a/x.h]='$nd/p/1'; UPD_PATCH[c/z.h]='$nd/p/2'
		update_needs '$nd'; echo rc=\$?
		cat '$nd/needs-c'")
	if [ "$out" = $'rc=0\nc/z.h' ]; then
		tap_ok "driver: update_needs takes the changed files the errors are in first"
	else
		tap_fail "driver: update_needs takes the changed files the errors are in first" \
			"$out"
	fi

	# a changed header's neighbours are copied into the scratch tree with
	# a #line of their name, empty ones too; the changed one is left as is
	mkdir -p "$tree/nb/inc"
	printf 'int a;\n' >"$tree/nb/inc/a.h"
	printf '#include "e.h"\n\nint b; %% "q"\n' >"$tree/nb/inc/b.h"
	: >"$tree/nb/inc/e.h"
	out=$(lib_run "TREE='$tree/nb'; CHANGED=(inc/a.h); mkdir -p \$SCR/lined/inc
		echo changed >\$SCR/lined/inc/a.h
		copy_header_neighbours; cd \$SCR/lined/inc && cat a.h b.h e.h")
	if [ "$out" = "changed
#line 1 \"inc/b.h\"
#include \"e.h\"

int b; % \"q\"
#line 1 \"inc/e.h\"" ]; then
		tap_ok "driver: a changed header's neighbours are copied with their #line, empty ones too"
	else
		tap_fail "driver: a changed header's neighbours are copied with their #line, empty ones too" "$out"
	fi

	# header_sample: a refusal of the same headers, made by an earlier
	# triage run of the update (UPD_MEMO), is given again without
	# counting; other headers are counted (here: a query that fails)
	out=$(lib_run "MAX_UNITS=2; UPD_MEMO=\$SCR/memo; mkdir -p \$UPD_MEMO
		kbuild_query() { echo counted; exit 7; }
		k=\$(printf '%s\\n' b.h a.h | sort | sha1sum | cut -c1-16)
		echo 'a.h b.h: 5 units of this config include it' >\$UPD_MEMO/sample-2-\$k
		(header_sample b.h a.h -- x.c y.c z.c) || echo rc=\$?
		(header_sample c.h -- x.c y.c z.c) || echo rc=\$?")
	if [ "$out" = "livepatch-build: error: a.h b.h: 5 units of this config include it
rc=1
counted
rc=7" ]; then
		tap_ok "driver: a triage run takes an earlier run's header count refusal of the same headers"
	else
		tap_fail "driver: a triage run takes an earlier run's header count refusal of the same headers" "$out"
	fi

	# two files whose groups grow into the same set of patches (in any
	# order) share one pipeline run; another set gets its own
	out=$(lib_run ". '$kpb/lib/update.sh'; mkdir -p \$SCR/t
		update_pipeline() { mkdir -p \"\$1\"; echo run >>\$SCR/count
			echo 'livepatch-build: error: compiling the patched source failed (above)' >\"\$1/err\"
			return 3; }
		update_needs() { echo needs >\"\$1/needs-c\"; }
		a=\$(update_group_run \$SCR/t/1.1 p/1 p/2)
		b=\$(update_group_run \$SCR/t/2.1 p/2 p/1)
		c=\$(update_group_run \$SCR/t/3.1 p/2 p/3)
		echo \"\${a##*/} \${b##*/} \${c##*/} \$(cat \$a/rc \$a/needs-c \$SCR/count | tr '\\n' ' ')\"")
	if [ "$out" = "1.1 1.1 3.1 3 needs run run " ]; then
		tap_ok "driver: triage groups of the same set of patches share one run"
	else
		tap_fail "driver: triage groups of the same set of patches share one run" "$out"
	fi

	# the prepared tree must be configured as the target: an option the
	# source dropped (olddefconfig without Debian's rt patch set drops
	# PREEMPT_LAZY) is refused; toolchain-detected values are not compared
	mkdir -p "$work/cfg"
	printf '%s\n' CONFIG_A=y CONFIG_PREEMPT_LAZY=y 'CONFIG_S="x"' \
		'CONFIG_CC_VERSION_TEXT="gcc-12 (Debian) 12.2.0"' \
		CONFIG_GCC_VERSION=120200 '# CONFIG_B is not set' >"$work/cfg/target"
	printf '%s\n' CONFIG_A=y CONFIG_PREEMPT_LAZY=y 'CONFIG_S="x"' \
		'CONFIG_CC_VERSION_TEXT="x86_64-linux-gnu-gcc-12 (Debian) 12.2.0"' \
		CONFIG_GCC_VERSION=120300 CONFIG_MODULE_SIG_ALL=y >"$work/cfg/.config"
	out=$(lib_run ". '$kpb/lib/version.sh'; . '$kpb/lib/target.sh'
		TREE=$work/cfg CONFIG=$work/cfg/target REL=6.1.0-50-rt-amd64 SRCDIR=
		target_config_check && echo same")
	if [ "$out" = same ]; then
		tap_ok "driver: a tree configured as the target passes the config check"
	else
		tap_fail "driver: a tree configured as the target passes the config check" "$out"
	fi
	sed -i '/PREEMPT_LAZY/d; s/"x"/"y"/' "$work/cfg/.config"
	expect_die "a tree that dropped options of the target's config is refused, naming them" \
		'2 option\(s\) differ, e.g. CONFIG_PREEMPT_LAZY=y \(unset there\), CONFIG_S="x" \("y" there\).*lacks Debian.s rt patch set' \
		". '$kpb/lib/version.sh'; . '$kpb/lib/target.sh'
		TREE=$work/cfg CONFIG=$work/cfg/target REL=6.1.0-50-rt-amd64 SRCDIR=
		target_config_check"

	# without pahole, olddefconfig drops BTF (and struct module's BTF
	# fields): the refusal says what to install
	printf '%s\n' CONFIG_DEBUG_INFO_BTF=y CONFIG_DEBUG_INFO_BTF_MODULES=y \
		>>"$work/cfg/target"
	sed -i '/PREEMPT_LAZY/d; s/"x"/"y"/' "$work/cfg/target"
	expect_die "a tree without BTF (no pahole) is refused, saying to install dwarves" \
		'CONFIG_DEBUG_INFO_BTF=y \(unset there\).*pahole \(package dwarves\)' \
		". '$kpb/lib/version.sh'; . '$kpb/lib/target.sh'
		TREE=$work/cfg CONFIG=$work/cfg/target REL=6.1.0-57-amd64 SRCDIR=
		target_config_check"

	# Debian's featureset patch set: applied in series order without
	# fuzz (quilt push --fuzz=0), refused when a patch does not apply
	out=$(lib_run "rm -rf $work/fs; mkdir -p $work/fs/p $work/fs/t
		printf 'a\nb\nc\n' >$work/fs/t/f; printf 'a\nB\nc\n' >$work/fs/g
		(cd $work/fs && diff -u --label a/f --label b/f t/f g >p/1.patch || true)
		printf 'a\nB\nc\nd\n' >$work/fs/h
		(cd $work/fs && diff -u --label a/f --label b/f g h >p/2.patch || true)
		printf '# comment\n1.patch\n\n2.patch -p1\n' >$work/fs/p/series
		eval \"\$(sed -n '/^apply_featureset()/,/^}/p' '$kpb/lib/prepare-source')\"
		say() { echo \"\$*\"; }; die() { echo \"error: \$*\"; exit 1; }
		FEATDIR=$work/fs/p FEATURESET=rt build=6.1.176-1 TARBALL=tb
		apply_featureset $work/fs/t; tr '\n' ' ' <$work/fs/t/f
		cat $work/fs/t/.suture-featureset
		printf 'x\ny\nz\n' >$work/fs/t/f; apply_featureset $work/fs/t")
	if grep -qx "applied Debian's rt patch set of 6.1.176-1 (2 patches)" <<<"$out" &&
		grep -qx 'a B c d rt 6.1.176-1 2' <<<"$out" &&
		grep -q "error: Debian's rt patch 1.patch does not apply" <<<"$out"; then
		tap_ok "driver: a featureset series is applied in order, a patch that does not apply is an error"
	else
		tap_fail "driver: a featureset series is applied in order, a patch that does not apply is an error" "$out"
	fi
	# update_regroup: a file refused for a symbol the target lacks is tried
	# again with the included changes that add it (and only those), and
	# included; in a later pass when the file adding it is itself
	# included by the first (fs/a.c needs b_new of fs/b.c, which needs
	# o_stop of fs/o/journal.c); one whose symbol no change adds keeps its
	# verdict; one still failing with them says why, with them (the
	# pipeline, the patches and the summary stubbed: their logic is not
	# under test here)
	out=$(lib_run ". '$kpb/lib/update.sh'; mkdir -p \$SCR/t \$SCR/update
		step() { :; }
		printf '%s\t%s\t%s\n' \
			fs/a.c refused 'fs/a.c: b_new is neither exported nor a global symbol of vmlinux' \
			fs/b.c refused 'fs/b.c: o_stop is neither exported nor a global symbol of vmlinux' \
			fs/o/journal.c included 'o: replaced none, new o_stop' \
			fs/x.c included 'x: replaced a, new b.constprop.0, c; y: replaced none, new o_stop2' \
			fs/o/super.c refused 'fs/o/super.c: o_stop is neither exported nor a global symbol of vmlinux' \
			fs/n.c refused 'fs/n.c: nothere is neither exported nor a global symbol of vmlinux' \
			fs/f.c refused 'fs/f.c: o_stop2 is neither exported nor a global symbol of vmlinux' \
			>\$SCR/update/verdicts
		declare -A UPD_NUM=([fs/o/super.c]=3 [fs/n.c]=4 [fs/f.c]=5 [fs/o/journal.c]=1 [fs/x.c]=2 [fs/a.c]=6 [fs/b.c]=7)
		printf 'fs/o/super.c\nfs/o/h.h\n' >\$SCR/t/3.members
		printf 'fs/x.c\nfs/x.h\n' >\$SCR/t/2.group
		UPD_INCLUDED=(P:fs/o/journal.c P:fs/x.c P:fs/x.h)
		update_patch() { echo \"P:\$1\"; }
		update_changes() { case \$2 in fs/b.c) echo 'b: replaced bb, new b_new' ;;
			*) echo 'o: replaced o_dismount' ;; esac; }
		update_reason() { echo \"struct q changes layout\"; }
		update_pipeline() { echo \"run \${*:2}\" >>\$SCR/runs
			[[ \" \${*:2} \" != *' P:fs/x.c '* ]]; }
		v=\$SCR/update/verdicts
		echo providers: \$(update_providers \$v o_stop) / \$(update_providers \$v c o_stop2) / \$(update_providers \$v o_sto)
		update_regroup; cat \$SCR/update/verdicts \$SCR/runs
		echo included: \${UPD_INCLUDED[*]}")
	if grep -qx 'providers: fs/o/journal.c / fs/x.c /' <<<"$out" &&
		grep -qxF "$(printf 'fs/o/super.c\tincluded\twith fs/o/journal.c (adding o_stop): o: replaced o_dismount')" <<<"$out" &&
		grep -qxF "$(printf 'fs/b.c\tincluded\twith fs/o/journal.c (adding o_stop): b: replaced bb, new b_new')" <<<"$out" &&
		grep -qxF "$(printf 'fs/a.c\tincluded\twith fs/b.c (adding b_new): o: replaced o_dismount')" <<<"$out" &&
		grep -qxF "$(printf 'fs/n.c\trefused\tfs/n.c: nothere is neither exported nor a global symbol of vmlinux')" <<<"$out" &&
		grep -qxF "$(printf 'fs/f.c\trefused\twith fs/x.c: struct q changes layout')" <<<"$out" &&
		grep -qx 'run P:fs/o/super.c P:fs/o/h.h P:fs/o/journal.c' <<<"$out" &&
		grep -qx 'run P:fs/f.c P:fs/x.c P:fs/x.h' <<<"$out" &&
		grep -qx 'run P:fs/a.c P:fs/b.c P:fs/o/journal.c' <<<"$out" &&
		[ "$(grep -c '^run ' <<<"$out")" = 4 ] &&
		grep -qx 'included: P:fs/o/journal.c P:fs/x.c P:fs/x.h P:fs/b.c P:fs/o/super.c P:fs/o/h.h P:fs/a.c' <<<"$out"; then
		tap_ok "driver: a file using a function another change adds is triaged again with that change only (in a later pass when that change is included by the first), and included"
	else
		tap_fail "driver: a file using a function another change adds is triaged again with that change only (in a later pass when that change is included by the first), and included" "$out"
	fi
	# a build whose source package apt does not have: refused, naming it
	# and the way out (no network needed: a version no index lists)
	out=$("$kpb/lib/fetch-featureset" rt 6.1 \
		6.1.0-0 "$work/fs-store" 2>&1) && rc=0 || rc=$?
	if [ "$rc" != 0 ] && grep -q "source package linux=6.1.0-0.*Pass -s SRCDIR" <<<"$out"; then
		tap_ok "driver: a featureset patch set apt does not serve is refused, naming the package"
	else
		tap_fail "driver: a featureset patch set apt does not serve is refused, naming the package" "rc=$rc" "$out"
	fi
}
