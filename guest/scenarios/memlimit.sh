# SPDX-License-Identifier: GPL-2.0
# memlimit[:CPUS]: zram's mem_limit while slot frees are still deferred (see
# guest/memlimit.c): a write that is over the limit only because of such
# frees must carry them out, not fail. CPUS 1 (the default): CPU 0 alone
# online, 32 MiB. CPUS 2: both online, 1 MiB, so that the frees all sit in
# a partial buffer of CPU 1 while the write runs on CPU 0. RT throttling
# and the fair servers are off meanwhile; everything is restored.
IFS=: read -r _ cpus <<E
$1
E
cpus=${cpus:-1}
case $cpus in 1|2) ;; *) echo "# usage: memlimit[:1|2]"; result 2; exit ;; esac
rc=0
rt=/proc/sys/kernel/sched_rt_runtime_us
zram_on 256M || { result 1; exit; }
offline=
if [ "$cpus" = 1 ]; then
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$c" ] && [ "$(cat "$c")" = 1 ] || continue
		if echo 0 > "$c"; then
			offline="$offline $c"
		else
			echo "# cannot take $c offline"
			rc=1
		fi
	done
fi
old=$(cat $rt)
echo -1 > $rt || echo "# cannot turn RT throttling off"
# 6.12's fair server runs normal tasks for 50 ms a second even under an
# RT task: off too, for the test's half second
fsold=
for c in $(seq 0 $((cpus - 1))); do
	fs=/sys/kernel/debug/sched/fair_server/cpu$c/runtime
	[ -e "$fs" ] || continue
	fsold="$fsold $fs=$(cat "$fs")"
	echo 0 > "$fs" || echo "# cannot turn the fair server off ($fs)"
done
# with 2 CPUs, 1 MiB: 256 frees, all in CPU 1's partial buffer, which no
# worker takes unless the write at the limit does
if [ "$cpus" = 1 ]; then
	memlimit 32 1 || rc=1
else
	memlimit 1 2 || rc=1
fi
for f in $fsold; do
	echo "${f#*=}" > "${f%=*}"
done
echo "$old" > $rt
for c in $offline; do
	echo 1 > "$c" || rc=1
done
deferred_stats zram || rc=1
zram_off || rc=1
result $rc
