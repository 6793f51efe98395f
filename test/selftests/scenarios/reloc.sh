# shellcheck shell=sh
# A patch calling a non-exported function (nr_processes) and reading a
# non-exported variable (total_forks) through relocation records.
# shellcheck disable=SC2317  # functions called through check
# shellcheck source=test/selftests/scenarios/lib.sh
. ./lib.sh
load_core
check "reloc: a patch with relocations to non-exported symbols loads" load p_reloc
# /proc/stat's processes read just before and just after the patched
# read: total_forks read by the patch lies between them (every fork in
# between, the shell's own included, counts)
stat0=$(awk '/^processes/ { print $2 }' /proc/stat)
out=$(line /proc/cmdline)
stat=$(awk '/^processes/ { print $2 }' /proc/stat)
echo "# /proc/cmdline: $out"
forks=$(echo "$out" | sed -n 's/^forks=\([0-9]*\) .*/\1/p')
procs=$(echo "$out" | sed -n 's/.* procs=\([0-9]*\) .*/\1/p')
check "reloc: 64, PC32, PLT32 and 32S records agree (read-only text and data via text_poke)" \
	sh -c "echo '$out' | grep -q ' same=1$'"
# (each comparison inside the function: check runs one command)
forks_ok() {
	[ -n "$forks" ] && [ "$forks" -ge "$stat0" ] && [ "$stat" -ge "$forks" ]
}
check "reloc: the non-exported variable reads like /proc/stat's processes ($stat0 <= $forks <= $stat)" \
	forks_ok
n=0
for _ in /proc/[0-9]*; do n=$((n + 1)); done
procs_ok() {
	[ -n "$procs" ] && [ "$procs" -gt 0 ] && [ $((procs - n)) -le 5 ] &&
		[ $((n - procs)) -le 5 ]
}
check "reloc: the non-exported function answers like /proc ($procs vs $n)" \
	procs_ok
disable p_reloc
rmmod p_reloc
finish
