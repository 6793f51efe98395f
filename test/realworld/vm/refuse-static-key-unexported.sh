# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# --format klp only (Suture's format refuses the patch): the patched
# skb_page_frag_refill keeps its jump label on the unexported
# net_high_order_alloc_disable_key (the loader applied its .klp.rela);
# TCP over lo allocates page frags through it with the key off, then on
# (sysctl net.core.high_order_alloc_disable), patched and after.
M=refuse_static_key_unexported
sw=/proc/sys/net/core/high_order_alloc_disable
ip link set lo up || fail "ip link set lo up"
# busybox nc closes its sending half at EOF on its stdin, and the client
# quits at EOF from the network, whatever its stdin still holds: the
# listener's stdin stays open (sleep) so that only the client ends it
tcp_hello() {
	rm -f /tmp/tcp.out
	sleep 30 | nc -l -p "$1" >/tmp/tcp.out &
	srv=$!
	sleep 0.5
	head -c 200000 /dev/zero | tr '\0' x | nc -w 2 127.0.0.1 "$1"
	wait "$srv"
	[ "$(wc -c </tmp/tcp.out)" = 200000 ] ||
		fail "$2: TCP over lo carried $(wc -c </tmp/tcp.out) of 200000 bytes"
}
echo 0 >$sw || fail "write $sw"
rw_load $M
rw_patched $M vmlinux skb_page_frag_refill,1
tcp_hello 5561 "patched, key off"
echo 1 >$sw || fail "key on"
tcp_hello 5562 "patched, key on"
echo 0 >$sw
tcp_hello 5563 "patched, key off again"
rw_unload $M
tcp_hello 5564 "unloaded"
