# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# the patched function's dynamic debug call sites are the module's own:
# they are listed, and turning them on and off flips their static keys in
# the patch module's code
M=ipv4_udp_dyndbg_static_key
C=/sys/kernel/debug/dynamic_debug/control
ip link set lo up || fail "ip link set lo up"
rw_expect "unpatched, empty datagram" ok ./rwtool udp-empty
n0=$(grep -c ']udp_queue_rcv_one_skb ' $C)
rw_load $M
rw_patched $M vmlinux udp_queue_rcv_one_skb,1
rw_expect "patched, empty datagram" dropped ./rwtool udp-empty
n1=$(grep -c ']udp_queue_rcv_one_skb ' $C)
[ "$n1" -gt "$n0" ] || fail "dynamic debug: $n0 call sites before, $n1 while patched"
echo 'func udp_queue_rcv_one_skb +p' >$C || fail "dynamic debug +p"
grep ']udp_queue_rcv_one_skb ' $C | grep -q '=p' || fail "dynamic debug: not enabled"
rw_expect "patched, dyndbg on, empty datagram" dropped ./rwtool udp-empty
echo 'func udp_queue_rcv_one_skb -p' >$C || fail "dynamic debug -p"
rw_unload $M
rw_expect "unloaded, empty datagram" ok ./rwtool udp-empty
[ "$(grep -c ']udp_queue_rcv_one_skb ' $C)" = "$n0" ] || fail "dynamic debug entries left after unloading"
