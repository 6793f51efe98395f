# shellcheck shell=sh
# Runs inside the VM (bench/direct-cycles): CYCLES switches of bench_fn_a
# between the direct call and the handler (parameter direct 0/1) while a
# reader calls it in loops and both CPUs are busy; every value read must
# be the patched one (3).  Prints "direct-cycles: N cycles in S s, W wrong
# values".  test/vm/run fails the run on any oops, BUG, WARN or lockdep
# report.
set -eu
CYCLES=${CYCLES:-100}
P=/sys/module/suture/parameters/direct
insmod "/usr/lib/suture/$(uname -r)/suture.ko"
insmod ./bench_target.ko
insmod ./bench_suture.ko
i=0
while [ "$(cat /sys/kernel/suture/bench_suture/transition)" = 1 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
mode() { cat /sys/kernel/suture/bench_suture/bench_target/bench_fn_a,*/mode; }
echo "bench_fn_a: $(mode)"

: >/tmp/wrong
reader() {
	while [ ! -e /tmp/stop ]; do
		echo "a 1000" >/proc/bench_core
		grep -q ' loop=2 value=3$' /proc/bench_core || cat /proc/bench_core >>/tmp/wrong
	done
}
spin() { while [ ! -e /tmp/stop ]; do :; done; }
reader &
r=$!
spin &
s1=$!
spin &
s2=$!
t0=$(cut -d' ' -f1 /proc/uptime)
n=0
while [ $n -lt "$CYCLES" ]; do
	echo 0 >$P
	echo 1 >$P
	n=$((n + 1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
touch /tmp/stop
wait $r $s1 $s2
echo "bench_fn_a after the cycles: $(mode)"
w=$(wc -l </tmp/wrong)
awk -v n="$n" -v a="$t0" -v b="$t1" -v w="$w" 'BEGIN {
	printf "direct-cycles: %d cycles in %.1f s (%.0f ms each), %d wrong values\n",
		n, b - a, (b - a) * 1000 / n, w }'
[ "$w" -eq 0 ] && [ "$(mode)" = direct ]
