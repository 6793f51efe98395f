# shellcheck shell=sh
# shellcheck disable=SC2034 # postinst and prerm use their parts
# SPDX-License-Identifier: GPL-2.0
#
# The shared part of a Suture fix package's maintainer scripts
# (contrib/build-fix-deb copies postinst and prerm verbatim, each with this
# file pasted in where it says so: the scripts are the same text for every
# package).  Nothing about the package is baked into them: its identity is
# read, as data, from the manifest the package ships,
#   /usr/lib/suture/fix-packages/$DPKG_MAINTSCRIPT_PACKAGE
# ("name NAME", "release RELEASE", "build BUILD" lines), and checked
# against the same grammars build-fix-deb enforces before anything uses it.
#
# Environment: DPKG_MAINTSCRIPT_PACKAGE (set by dpkg), DPKG_ROOT (dpkg
# --root: act on that installation only, never on the running kernel),
# LIVEPATCH (default /usr/bin/livepatch; tests point it elsewhere),
# SUTURE_STATE_DIR (default $DPKG_ROOT/var/lib/suture).

fix_die() {
	echo "${PKG:-suture fix}: error: $*" >&2
	exit 1
}

fix_warn() {
	echo "$PKG: WARNING: $*" >&2
}

# Read and check the manifest: sets NAME, REL, BUILD, KO.
fix_manifest() {
	PKG=${DPKG_MAINTSCRIPT_PACKAGE:-}
	case $PKG in
	'' | *[!a-z0-9+.-]*)
		fix_die "DPKG_MAINTSCRIPT_PACKAGE is \"$PKG\": these" \
			"scripts run under dpkg only"
		;;
	esac
	ROOT=${DPKG_ROOT:-}
	LP=${LIVEPATCH:-/usr/bin/livepatch}
	manifest=$ROOT/usr/lib/suture/fix-packages/$PKG
	[ -f "$manifest" ] || fix_die "$manifest is missing"
	NAME=''
	REL=''
	BUILD=''
	while read -r key value; do
		case $key in
		name) NAME=$value ;;
		release) REL=$value ;;
		build) BUILD=$value ;;
		esac
	done <"$manifest"
	# the grammars of build-fix-deb (and of the CLI's store)
	case $NAME in
	'' | *[!a-z0-9_]*) fix_die "$manifest: bad name \"$NAME\"" ;;
	esac
	[ ${#NAME} -le 55 ] || fix_die "$manifest: name over 55 characters"
	case $REL in
	[0-9]*.*) ;;
	*) fix_die "$manifest: bad release \"$REL\"" ;;
	esac
	case $REL in
	*[!A-Za-z0-9._+~-]*) fix_die "$manifest: bad release \"$REL\"" ;;
	esac
	[ ${#REL} -le 64 ] || fix_die "$manifest: release over 64 characters"
	case $BUILD in
	*[!A-Za-z0-9.:+~-]*) fix_die "$manifest: bad build \"$BUILD\"" ;;
	esac
	KO=/usr/lib/suture/fixes/$REL/$NAME.ko
	STATE=${SUTURE_STATE_DIR:-$ROOT/var/lib/suture}
	export SUTURE_STATE_DIR="$STATE"
}
