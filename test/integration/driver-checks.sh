# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Quick checks of livepatch-build's own refusals and options, sourced by
# run (uses tap.sh, $lpb, $krel, $work, $top).  Each builds nothing big.
# shellcheck disable=SC2154

# mkpatch FILE OLD NEW: a -p1 patch of FILE (relative to the kernel
# source) replacing the first line equal to OLD by NEW
mkpatch() {
	local src=$cache_tree/$1
	printf -- '--- a/%s\n+++ b/%s\n' "$1" "$1"
	diff -U3 --label x --label y "$src" \
		<(awk -v o="$2" -v n="$3" '!d && $0 == o { print n; d = 1; next } { print }' \
			"$src") | tail -n +3
}

# expect_refusal NAME REGEX ARGS...: livepatch-build ARGS fails, no module,
# stderr matches REGEX
expect_refusal() {
	local name=$1 re=$2 rc=0
	shift 2
	"$lpb" -k "$krel" -o "$work/drv" -n drv_check "$@" \
		>"$work/drv.out" 2>"$work/drv.err" || rc=$?
	if [ $rc != 0 ] && [ ! -f "$work/drv/drv_check.ko" ] &&
		grep -qE "$re" "$work/drv.err"; then
		tap_ok "build: $name"
	else
		tap_fail "build: $name" "exit status $rc" \
			"$(tail -n 10 "$work/drv.err")"
	fi
	rm -f "$work/drv/drv_check.ko"
}

driver_checks() {
	local cache=${SUTURE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/suture}
	cache_tree=$cache/src/$krel/tree
	mkdir -p "$work/drv"
	if [ ! -d "$cache_tree" ]; then
		tap_skip "build: livepatch-build refusals" "no prepared tree yet"
		return
	fi
	mkpatch fs/proc/cmdline.c '	seq_puts(m, saved_command_line);' \
		'	seq_puts(m, saved_command_line); /* x */' >"$work/ok.patch"

	sed 's/saved_command_line);$/no_such_context);/' "$work/ok.patch" |
		sed 's/^ \tseq_putc/ \tseq_putc_nope/' >"$work/noapply.patch"
	expect_refusal "a patch that does not apply is a clear error" \
		"does not apply" "$work/noapply.patch"

	expect_refusal "a module name longer than the kernel takes is refused" \
		"has 56 characters: the kernel takes 55 at most" \
		-n "$(printf 'n%.0s' $(seq 56))" "$work/ok.patch"

	sed 's/^CONFIG_CC_VERSION_TEXT=.*/CONFIG_CC_VERSION_TEXT="gcc-99 (Debian 99.1.0-1) 99.1.0"/' \
		"/boot/config-$krel" >"$work/cc99.config"
	expect_refusal "a compiler that differs from the target's is refused" \
		"compiler mismatch.*gcc-99" -c "$work/cc99.config" "$work/ok.patch"

	# (linux/shm.h: a line of sched.h in 6.1 and 6.12)
	mkpatch include/linux/sched.h '#include <linux/shm.h>' \
		'#include <linux/shm.h> /* x */' >"$work/sched-h.patch"
	expect_refusal "a header used by too many units is refused, naming it" \
		'include/linux/sched\.h.*too many' "$work/sched-h.patch"

	mkpatch kernel/configs.c '#include <linux/kernel.h>' \
		'#include <linux/kernel.h> /* x */' >"$work/configs.patch"
	sed -i 's/^ \*\/$/ *\//' "$work/configs.patch"
	expect_refusal "a unit this config does not build is refused" \
		"kernel/configs.c is not built" "$work/configs.patch"

	# the source is the target's own build, fetched with apt: a build
	# apt no longer serves (dpkg-query says the image is 6.1.150-1 here)
	# is refused, naming the versions apt serves and -s (-m: the real
	# build's cached symbols, no kallsyms capture for the fake one)
	local real_dq build
	real_dq=$(command -v dpkg-query)
	# shellcheck disable=SC2016 # dpkg-query's own ${Version}
	build=$("$real_dq" -W -f='${Version}' "linux-image-$krel")
	mkdir -p "$work/fakebin"
	printf '#!/bin/sh\ncase "$*" in *-W*linux-image-*) echo "6.1.150-1"; exit 0 ;; esac\nexec %s "$@"\n' \
		"$real_dq" >"$work/fakebin/dpkg-query"
	chmod +x "$work/fakebin/dpkg-query"
	PATH=$work/fakebin:$PATH expect_refusal \
		"the source of a build apt does not serve is refused, naming what it serves" \
		"apt does not serve linux-source-[0-9.]+=6\.1\.150-1 \(it serves: .*\)\. Pass -s" \
		-m "$cache/src/$krel/kallsyms-$build" "$work/ok.patch"
	# -s: the tree's kernel version (Makefile) must be the target's
	mkdir -p "$work/tree-6.1.99/scripts/basic"
	printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION =\n' \
		>"$work/tree-6.1.99/Makefile"
	: >"$work/tree-6.1.99/.config"
	: >"$work/tree-6.1.99/scripts/basic/fixdep"
	expect_refusal "-s with another kernel version's tree is refused" \
		"is the source of kernel 6\.1\.99, but .* is [0-9]" \
		-s "$work/tree-6.1.99" "$work/ok.patch"

	# dep-check (what livepatch-build runs on each patched unit's
	# dependency list): a changed header read from the tree through an
	# unchanged header's "../" include is missed; that header is the
	# one to copy (then its own includer, found from the tree, too)
	local dc=$top/kpatch-build/bin/dep-check t=$work/depcheck
	mkdir -p "$t/tree/a" "$t/tree/b" "$t/tree/c" "$t/lined/b"
	printf '#include "../b/y.h"\n' >"$t/tree/a/x.h"
	printf '#include "../a/x.h"\n' >"$t/tree/c/w.h"
	: >"$t/tree/b/y.h"
	: >"$t/lined/b/y.h"
	printf 'u.o: %s/lined/c/u.c c/w.h c/../a/x.h \\\n  a/../b/y.h\n' "$t" \
		>"$t/u.d"
	printf 'u.o: %s/lined/c/u.c c/w.h c/../a/x.h %s/lined/b/y.h\n' \
		"$t" "$t" >"$t/ok.d"
	if (cd "$t/tree" && "$dc" "$t/tree" "$t/lined" "$t/u.d" b/y.h \
		>"$t/out"; [ $? = 1 ]) &&
		[ "$(cat "$t/out")" = "$(printf 'missed b/y.h\ncopy a/x.h')" ] &&
		"$dc" "$t/tree" "$t/lined" "$t/ok.d" b/y.h >/dev/null &&
		[ "$("$dc" --names "$t/tree" <(printf 'deps_u.o := \\\n  c/../a/x.h \\\n') a/x.h b/y.h)" = a/x.h ]; then
		tap_ok "build: dep-check finds a changed header read from the tree through a relative include"
	else
		tap_fail "build: dep-check finds a changed header read from the tree through a relative include" \
			"$(cat "$t/out" 2>/dev/null)"
	fi

	# units another directory's Makefile builds (virt/kvm/*.c, listed by
	# arch/x86/kvm as ../../../virt/kvm/X.o) are found for their headers
	# (a comment: nothing to patch in the end, but the units are listed)
	mkpatch virt/kvm/kvm_mm.h '#define __KVM_MM_H__ 1' \
		'#define __KVM_MM_H__ 1 /* x */' >"$work/kvm-mm-h.patch"
	expect_refusal "a header of units built by another directory finds them (virt/kvm/kvm_mm.h)" \
		'^    virt/kvm/kvm_main\.c$' "$work/kvm-mm-h.patch"

	printf -- '--- a/fs/proc/Makefile\n+++ b/fs/proc/Makefile\n@@ -1,1 +1,2 @@\n # SPDX-License-Identifier: GPL-2.0\n+# x\n' \
		>"$work/makefile.patch"
	expect_refusal "a change to a Makefile is refused" \
		"only .c and .h files" "$work/makefile.patch"

	printf -- '--- /dev/null\n+++ b/fs/proc/new.c\n@@ -0,0 +1 @@\n+int x;\n' \
		>"$work/newfile.patch"
	expect_refusal "a patch creating a file is refused" \
		"new files cannot be live-patched" "$work/newfile.patch"

	# signing: a throw-away key; the module must carry a signature
	if openssl req -new -nodes -utf8 -sha256 -days 1 -batch -x509 \
		-subj "/CN=suture test/" -outform PEM -out "$work/cert.pem" \
		-keyout "$work/key.pem" >/dev/null 2>&1 &&
		"$lpb" -k "$krel" -o "$work/drv" -n drv_signed \
			--sign-key "$work/key.pem" --sign-cert "$work/cert.pem" \
			"$top/examples/cmdline-banner.patch" >/dev/null \
			2>"$work/sign.err" &&
		tail -c 28 "$work/drv/drv_signed.ko" |
		grep -q '~Module signature appended~'; then
		tap_ok "build: --sign-key/--sign-cert sign the module"
	else
		tap_fail "build: --sign-key/--sign-cert sign the module" \
			"$(tail -n 10 "$work/sign.err" 2>/dev/null)"
	fi
	if "$lpb" -k "$krel" -o "$work/drv" -n drv_srcdir -s "$cache_tree" \
		"$top/examples/cmdline-banner.patch" >"$work/srcdir.out" \
		2>"$work/srcdir.err" && [ -f "$work/drv/drv_srcdir.ko" ]; then
		tap_ok "build: -s SRCDIR builds from a given prepared tree"
	else
		tap_fail "build: -s SRCDIR builds from a given prepared tree" \
			"$(tail -n 10 "$work/srcdir.err")"
	fi
	if [ -x "$top/contrib/build-fix-deb" ]; then
		if "$lpb" -k "$krel" -o "$work/deb" -n drv_deb --deb \
			--deb-version 3.1 \
			"$top/examples/cmdline-banner.patch" >/dev/null \
			2>"$work/deb.err" &&
			dpkg-deb -c "$work"/deb/*.deb 2>/dev/null |
			grep -q "/drv_deb.ko$"; then
			tap_ok "build: --deb packages the module"
		else
			tap_fail "build: --deb packages the module" \
				"$(tail -n 10 "$work/deb.err")"
		fi
		if [ "$(dpkg-deb -f "$work"/deb/*.deb Version 2>/dev/null)" = 3.1 ]; then
			tap_ok "build: --deb-version sets the package version"
		else
			tap_fail "build: --deb-version sets the package version"
		fi
	fi
	if modinfo "$work/drv/drv_signed.ko" 2>/dev/null |
		grep -q "^suture_release: *$krel$"; then
		tap_ok "build: the module records its target release (modinfo)"
	else
		tap_fail "build: the module records its target release (modinfo)"
	fi
}
