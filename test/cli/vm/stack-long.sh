# SPDX-License-Identifier: GPL-2.0
# Scenario: /sys/kernel/suture/stack lists every enabled patch however
# long the list: 75 patches with 55-character names make 4200 bytes, more
# than the one page a sysfs text attribute can return.  Loaded with insmod
# (model=stop: each transition is one stop_machine step); the VM ends
# with them loaded (removal is covered by load-unload).
. ./lib.sh

insmod "/usr/lib/suture/$REL/suture.ko"
stop_on_rt
want=
n=0
for m in stk/*.ko; do
	name=$(basename "$m" .ko)
	insmod "$m" model=stop || break
	i=0
	while [ "$(cat "$SYSFS/$name/transition" 2>/dev/null)" != 0 ] &&
		[ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	want="$want$name
"
	n=$((n + 1))
done
got=$(cat "$SYSFS/stack")
bytes=$(wc -c <"$SYSFS/stack")
out="loaded $n; stack has $bytes bytes, $(printf '%s\n' "$got" | wc -l) lines"
[ "$n" = 75 ] && [ "$bytes" -gt 4096 ] && [ "$got
" = "$want" ]
verdict "sysfs: stack lists all 75 enabled patches ($bytes bytes, past one page), oldest first"

run livepatch list
rc_is 0 && [ "$(printf '%s\n' "$out" | grep -c ' enabled ')" = 75 ]
verdict "list shows all 75 patches of a stack longer than a page"

echo "#done stack-long"
