# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Kernel versions, to check that a source tree is the one the target was
# built from (sourced by target.sh and prepare-source).

# tree_version DIR: VERSION.PATCHLEVEL.SUBLEVEL from DIR/Makefile, e.g.
# 6.1.192 (EXTRAVERSION is left out); nothing when the Makefile has none
tree_version() {
	[ -f "$1/Makefile" ] || return 0
	awk -F' *= *' '
		($1 == "VERSION" || $1 == "PATCHLEVEL" || $1 == "SUBLEVEL") &&
		!($1 in v) { v[$1] = $2; n++ }
		n == 3 { print v["VERSION"] "." v["PATCHLEVEL"] "." v["SUBLEVEL"]; exit }
	' "$1/Makefile"
}

# headers_version KDIR: the same for the kernel whose headers are in KDIR
# (include/generated/uapi/linux/version.h, exact even past SUBLEVEL 255)
headers_version() {
	local h=$1/include/generated/uapi/linux/version.h
	[ -f "$h" ] || return 0
	awk '
		$1 == "#define" && $2 == "LINUX_VERSION_MAJOR" { a = $3 }
		$1 == "#define" && $2 == "LINUX_VERSION_PATCHLEVEL" { b = $3 }
		$1 == "#define" && $2 == "LINUX_VERSION_SUBLEVEL" { c = $3 }
		END { if (a != "" && b != "" && c != "") print a "." b "." c }
	' "$h"
}

# debian_upstream VERSION: the upstream part of a Debian package version
# (1:6.1.192-3 -> 6.1.192); nothing for "unknown"
debian_upstream() {
	local v=$1
	[ -n "$v" ] && [ "$v" != unknown ] || return 0
	v=${v#*:}
	echo "${v%-*}"
}

# same_build A B: Debian versions of one build (a binNMU suffix +bN of the
# image package does not change the source)
same_build() {
	[ "${1%+b[0-9]*}" = "${2%+b[0-9]*}" ]
}

# tree_manifest DIR: "SHA1  ./path" for every file of DIR, "L target
# ./path" for every symlink, sorted (what --update-to compares)
tree_manifest() {
	(
		cd "$1" &&
			find . -type f -print0 | sort -z | xargs -0 -r sha1sum &&
			find . -type l -printf 'L %l  %p\n' | sort -k3
	)
}

# debian_featureset RELEASE: the Debian featureset a release name carries
# (6.1.0-57-rt-amd64, 6.12.117+deb12-rt-amd64: rt), nothing for the others
debian_featureset() {
	case $1 in
	*-rt-*) echo rt ;;
	esac
}
