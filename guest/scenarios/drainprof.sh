# SPDX-License-Identifier: GPL-2.0
# drainprof:<backend>:<MiB>:<fn+fn+...>[:<reps>[:<data>]]: where the
# freeing work of a munmap goes, deferred and synchronous. For deferral on,
# then off, REPS munmaps of MiB MiB of DATA (zsmalloc_munmap -d, default
# mixed) run with the function profiler on the listed functions (on a
# kernel without the series, once: defer=none); prints each function's hits
# and time summed over all CPUs, per repetition:
# "# drainprof backend=.. defer=1|0|none fn=.. hits=.. us=.. ns_per_hit=..
# tracer_ns_per_call=..", the last from REPS untraced runs before: the busy
# time tracing added, over the traced calls (with one CPU; -1 without).
# Meant for a deterministic boot (ICOUNT=, one CPU), where time counts
# instructions. A traced function's time includes the tracer's cost for the
# traced functions it calls: list functions of one level at a time.
IFS=: read -r _ backend mib fns reps data <<E
$1
E
mib=${mib:-64} reps=${reps:-2} data=${data:-mixed}
case $reps in ''|*[!0-9]*) backend=bad ;; esac
case $backend in
zram) zram_on 4G ;;
zswap) zswap_on ;;
*) echo "# usage: drainprof:zram|zswap:MiB:fn+fn[:reps]"; result 2; exit ;;
esac || { result 1; exit; }
T=/sys/kernel/tracing
[ -d $T/trace_stat ] || mount -t tracefs nodev $T
[ -w $T/function_profile_enabled ] || { echo "# no function profiler"; result 1; exit; }
# CPU time only: not the time a traced function spends scheduled out
echo 0 > $T/options/sleep-time
rc=0
: > $T/set_ftrace_filter
for f in $(echo "$fns" | tr + ' '); do
	echo "$f" >> $T/set_ftrace_filter 2>/dev/null || echo "# cannot trace $f"
done
# a kernel without the series: one pass, "defer=none"
states="1 0"
defer_switch 1 || states=none
for sw in $states; do
	[ $sw = none ] || defer_switch $sw || { rc=1; break; }
	# untraced runs first: the busy time without the tracer
	zsmalloc_munmap -b "$backend" -s "$mib" -r "$reps" -d "$data" > /tmp/plain 2>&1 || { rc=1; cat /tmp/plain; }
	sed -n "s/^# result /# result defer=$sw traced=0 /p" /tmp/plain
	echo 0 > $T/function_profile_enabled
	echo 1 > $T/function_profile_enabled
	zsmalloc_munmap -b "$backend" -s "$mib" -r "$reps" -d "$data" > /tmp/out 2>&1 || { rc=1; cat /tmp/out; }
	echo 0 > $T/function_profile_enabled
	sed -n "s/^# result /# result defer=$sw traced=1 /p" /tmp/out
	# the tracer's cost per traced call: the busy time it added (means
	# over the repetitions, busy_ms needs one CPU), over the calls
	plain=$(sed -n 's/.* busy_ms=\([0-9.]*\).*/\1/p' /tmp/plain | awk '{ s += $1 } END { print NR ? s / NR : -1 }')
	traced=$(sed -n 's/.* busy_ms=\([0-9.]*\).*/\1/p' /tmp/out | awk '{ s += $1 } END { print NR ? s / NR : -1 }')
	cat $T/trace_stat/function* | awk -v b="$backend" -v s="$sw" -v r="$reps" \
		-v p="$plain" -v t="$traced" '
		$1 != "Function" && $2 ~ /^[0-9]+$/ { hits[$1] += $2; us[$1] += $3; all += $2 }
		END {
			ovh = (p >= 0 && t >= 0 && all) ? (t - p) * 1e6 / (all / r) : -1
			for (f in hits)
				printf "# drainprof backend=%s defer=%s fn=%s hits=%d us=%.1f ns_per_hit=%.1f tracer_ns_per_call=%.1f\n",
					b, s, f, hits[f] / r, us[f] / r, us[f] * 1000 / hits[f], ovh
		}'
done
[ "$states" = none ] || defer_switch 1
: > $T/set_ftrace_filter
${backend}_off || rc=1
result $rc
