# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# a reader blocked in pipe_read (the function the patch replaces) must not
# stop the transition, and its read must still complete
M=fs_pipe_read_blocked_reader
mkfifo /tmp/fifo || fail "mkfifo"
cat /tmp/fifo >/tmp/pipe.out &
reader=$!
exec 3>/tmp/fifo
sleep 0.5
grep -q pipe_read "/proc/$reader/stack" 2>/dev/null ||
	grep -q pipe_read "/proc/$reader/wchan" 2>/dev/null ||
	echo "note: reader's wchan: $(cat "/proc/$reader/wchan" 2>/dev/null)"
rw_load $M
rw_patched $M vmlinux pipe_read,1
kill -0 $reader || fail "the blocked reader died during the transition"
echo data >&3
exec 3>&-
wait $reader || fail "the reader failed"
[ "$(cat /tmp/pipe.out)" = data ] || fail "the reader got '$(cat /tmp/pipe.out)'"
[ "$(echo hi | cat)" = hi ] || fail "pipes while patched"
rw_unload $M
rm -f /tmp/fifo
