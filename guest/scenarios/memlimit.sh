# SPDX-License-Identifier: GPL-2.0
# memlimit: zram's mem_limit while slot frees are still deferred (see
# guest/memlimit.c): a write that is over the limit only because of such
# frees must carry them out, not fail. Runs with CPU 0 alone online and RT
# throttling off, restores both.
rc=0
rt=/proc/sys/kernel/sched_rt_runtime_us
zram_on 256M || { result 1; exit; }
offline=
for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
	[ -e "$c" ] && [ "$(cat "$c")" = 1 ] || continue
	if echo 0 > "$c"; then
		offline="$offline $c"
	else
		echo "# cannot take $c offline"
		rc=1
	fi
done
old=$(cat $rt)
echo -1 > $rt || echo "# cannot turn RT throttling off"
# 6.12's fair server runs normal tasks for 50 ms a second even under an
# RT task: off too, for the test's half second
fs=/sys/kernel/debug/sched/fair_server/cpu0/runtime
fsold=
if [ -e $fs ]; then
	fsold=$(cat $fs)
	echo 0 > $fs || echo "# cannot turn the fair server off"
fi
memlimit 32 || rc=1
[ -n "$fsold" ] && echo "$fsold" > $fs
echo "$old" > $rt
for c in $offline; do
	echo 1 > "$c" || rc=1
done
deferred_stats zram || rc=1
zram_off || rc=1
result $rc
