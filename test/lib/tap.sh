# shellcheck shell=bash
# Small TAP helpers for the area runners (source this file).
# tap_ok NAME / tap_fail NAME [DETAIL...] / tap_skip NAME WHY
# tap_run NAME CMD...: runs CMD, ok when it exits 0, else prints its output
# as TAP diagnostics.
# tap_expect NAME STATUS REGEX CMD...: ok when CMD exits STATUS and its
# output (stdout and stderr) matches the extended regex REGEX.

TAP_FAILED=0

tap_ok() {
	echo "ok - $1"
}

tap_fail() {
	local name=$1
	shift
	echo "not ok - $name"
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" | sed 's/^/#   /'
	fi
	TAP_FAILED=$((TAP_FAILED + 1))
}

tap_skip() {
	echo "ok - $1 # SKIP $2"
}

tap_run() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "exit status $rc" "$(printf '%s\n' "$out" | tail -n 40)"
	fi
	return $rc
}

# tap_re_quote TEXT: TEXT as an extended regex matching it literally (a
# release such as 6.12.118+deb12-amd64 has a "+"; paths have dots)
tap_re_quote() {
	local c r=
	local t=$1
	while [ -n "$t" ]; do
		c=${t:0:1}
		t=${t:1}
		case $c in
		[][\\.*^\$+?\(\)\{\}\|]) r+="\\$c" ;;
		*) r+=$c ;;
		esac
	done
	printf '%s\n' "$r"
}

tap_expect() {
	local name=$1 want=$2 re=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -Eq -- "$re" <<<"$out"; then
		tap_ok "$name"
	else
		tap_fail "$name" "rc=$rc (want $want), want /$re/" "$out"
	fi
}
