# shellcheck shell=sh
# Runs inside the VM (bench/core): time bench_fn_{a,b,c} unpatched, then
# with a patched by Suture and b by the kernel's livepatch, c unpatched:
# once with Suture's direct call (the default once the transition is
# over), once with it turned off (parameter direct=0: the ftrace handler).
# Every figure is the minimum (and the median) of ROUNDS loops of N calls,
# the functions interleaved.  CLOCK=icount (QEMU -icount shift=0): figures
# are the time stamp counter's cycles, which count executed instructions
# there, i.e. instructions per call; the minimum is the loop that no
# interrupt hit.  CLOCK=wall: ns of the kernel's clock under TCG (noisy).
# LABEL starts the line of ratios ("core" by default).
set -eu
N=${N:-100000}
ROUNDS=${ROUNDS:-15}
CLOCK=${CLOCK:-wall}
LABEL=${LABEL:-core}
if [ "$CLOCK" = icount ]; then
	col=tsc unit="instructions per call"
else
	col=ns unit="ns per call (wall clock under TCG)"
fi
insmod "/usr/lib/suture/$(uname -r)/suture.ko"
insmod ./bench_target.ko

# rounds OUT: ROUNDS interleaved loops of a, b, c and e (the loop without
# a call); lines "fn time value loop", time in ns or TSC cycles (CLOCK),
# loop: what a call in the loop added (1 unpatched, 2 patched)
rounds() {
	: >"$1"
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		for f in a b c e; do
			echo "$f $N" >/proc/bench_core
			sed -n "s/^fn=\(.\) .* $col=\([0-9]*\) .*loop=\([0-9-]*\) value=\([0-9-]*\).*/\1 \2 \4 \3/p" \
				/proc/bench_core >>"$1"
		done
		r=$((r + 1))
	done
}

# wait_idle FILE: until a transition file reads 0
wait_idle() {
	i=0
	while [ "$(cat "$1")" = 1 ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

rounds /tmp/warm
rounds /tmp/before
insmod ./bench_suture.ko
wait_idle /sys/kernel/suture/bench_suture/transition
insmod ./bench_klp.ko
wait_idle /sys/kernel/livepatch/bench_klp/transition
mode() { cat /sys/kernel/suture/bench_suture/bench_target/bench_fn_a,*/mode; }
mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
# one_ops: bench_fn_a's site has one ftrace ops.  After a switch, the
# handler (direct) or the parked direct call (handler) stays beside it
# until the slot left has drained (kmod/core/direct.c): ftrace's list
# function would then run both, and the figure be of neither.
one_ops() {
	i=0
	while ! grep -q '^bench_fn_a \[bench_target\] (1)' \
		/sys/kernel/tracing/enabled_functions && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ $i -lt 600 ] || echo "bench_fn_a keeps two ftrace ops: $(grep '^bench_fn_a ' /sys/kernel/tracing/enabled_functions)"
}
echo "bench_fn_a under Suture: $(mode)"
# Each round: a, b, c with the direct call, then again with the handler
# (direct=0).  Every switch rewrites code in bench_target's pages, which
# TCG then runs slower for a while: a figure is compared only with c of
# the same half-round.
: >/tmp/after
: >/tmp/handler
R=$ROUNDS
ROUNDS=1
k=0
while [ $k -lt "$R" ]; do
	echo 1 >/sys/module/suture/parameters/direct
	[ "$(mode)" = direct ] || echo "bench_fn_a is not direct: $(mode)"
	one_ops
	sleep 1 # let the switch's deferred work (RCU callbacks) run first
	rounds /tmp/r
	cat /tmp/r >>/tmp/after
	echo 0 >/sys/module/suture/parameters/direct
	one_ops
	sleep 1
	rounds /tmp/r
	cat /tmp/r >>/tmp/handler
	k=$((k + 1))
done
echo "bench_fn_a with direct=0: $(mode)"
ROUNDS=$R

# stats FILE FN: "min median value" per call
stats() {
	awk -v f="$2" '$1 == f { print $2, $3 }' "$1" | sort -n | awk -v n="$N" '
		{ t[NR] = $1; v = $2 }
		END { printf "%.3f %.3f %d\n", t[1] / n, t[int((NR + 1) / 2)] / n, v }'
}

read -r u0 u0m _ <<EOS
$(stats /tmp/before c)
EOS
read -r u um uv <<EOS
$(stats /tmp/after c)
EOS
read -r s sm sv <<EOS
$(stats /tmp/after a)
EOS
read -r k km kv <<EOS
$(stats /tmp/after b)
EOS
read -r hu hum _ <<EOS
$(stats /tmp/handler c)
EOS
read -r h hm hv <<EOS
$(stats /tmp/handler a)
EOS
read -r e em _ <<EOS
$(stats /tmp/after e)
EOS
read -r he hem _ <<EOS
$(stats /tmp/handler e)
EOS
echo "functions: $(sed -n 's/.* kind=//p' /proc/bench_core) body (bench_body.h)"
echo "clock: $CLOCK; calls per loop: $N, loops per figure: $ROUNDS (min / median $unit)"
printf 'empty loop (no call):        %8.3f / %8.3f\n' "$e" "$em"
printf 'unpatched, before any patch: %8.3f / %8.3f\n' "$u0" "$u0m"
printf 'unpatched:                   %8.3f / %8.3f\n' "$u" "$um"
printf 'suture-patched (direct):     %8.3f / %8.3f\n' "$s" "$sm"
printf 'klp-patched:                 %8.3f / %8.3f\n' "$k" "$km"
printf 'unpatched (handler rounds):  %8.3f / %8.3f\n' "$hu" "$hum"
printf 'suture-patched (handler):    %8.3f / %8.3f\n' "$h" "$hm"
printf 'empty loop (handler rounds): %8.3f / %8.3f\n' "$he" "$hem"
# Ratios of the call's own cost: each figure minus the empty loop of the
# same rounds (n/a when the unpatched call is not above the loop's noise).
awk -v u="$u" -v s="$s" -v k="$k" -v hu="$hu" -v h="$h" -v e="$e" -v he="$he" \
	-v unit="$unit" -v label="$LABEL" '
function r(x, y) { return y > 0 ? sprintf("%.2f", x / y) : "n/a" }
BEGIN {
	printf "call cost (minus the empty loop, %s): unpatched %.2f, direct %.2f, handler %.2f (unpatched %.2f in those rounds), klp %.2f\n",
		unit, u - e, s - e, h - he, hu - he, k - e
	printf "added to an unpatched call: direct %+.2f, handler %+.2f, klp %+.2f\n",
		s - u, h - hu, k - u
	printf "%s: direct/unpatched %s, handler/unpatched %s, klp/unpatched %s\n",
		label, r(s - e, u - e), r(h - he, hu - he), r(k - e, u - e)
}'
if [ "$sv" != 3 ] || [ "$hv" != 3 ] || [ "$kv" != 3 ] || [ "$uv" != 2 ]; then
	echo "bench: the patched functions did not run (values $sv $hv $kv $uv)"
	exit 1
fi
# loops FILE PATCHED: every timed loop called the function it names (a
# patched one adds 2 a call, an unpatched one and the empty loop 1)
loops() {
	awk -v p="$2" '{ want = index(p, $1) ? 2 : 1 }
		$4 != want { printf "bench: loop of bench_fn_%s added %s a call, not %d\n", $1, $4, want; bad = 1 }
		END { exit bad }' "$1"
}
loops /tmp/before "" && loops /tmp/after ab && loops /tmp/handler ab
