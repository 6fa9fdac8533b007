# SPDX-License-Identifier: GPL-2.0
# profile:<backend>:<MiB>[:reps]: where munmap of swapped-out memory spends
# its time, with the function profiler. First REPS plain runs (no tracing)
# give the munmap time; then, for each function, REPS runs with only that
# function traced give its hits and time. Tracing one function at a time
# keeps the tracer's cost out of the others' times; that cost per call is
# estimated as (traced munmap - plain munmap) / hits and printed, and is
# subtracted from the function's own time (half of it falls inside the
# timed region, as the profiler stamps after its entry hook and before
# its exit hook; the other half is outside). Prints
# "# profile backend=.. fn=.. hits=.. time_ms=.. munmap_ms=.. plain_ms=.."
IFS=: read -r _ backend mib reps <<E
$1
E
mib=${mib:-64} reps=${reps:-3}
case $reps in ''|*[!0-9]*) backend=bad ;; esac
t=/sys/kernel/tracing
case $backend in
zram) zram_on 1G
      fns="zram_slot_free_notify zs_free zs_free_deferred free_swap_and_cache_nr swapcache_free_entries" ;;
zswap) zswap_on
       fns="zswap_invalidate zpool_free zpool_free_deferred zs_free zs_free_deferred free_swap_and_cache_nr swapcache_free_entries" ;;
*) echo "# usage: profile:zram|zswap:MiB[:reps]"; result 2; exit ;;
esac || { result 1; exit; }
mount -t tracefs nodev $t 2>/dev/null
[ -w $t/function_profile_enabled ] || { echo "# no function profiler"; result 1; exit; }

# munmap ms of REPS runs, median
munmap_ms() {
	zsmalloc_munmap -b "$backend" -s "$mib" -r "$reps" |
		sed -n 's/.* ms=\([0-9.]*\) .*/\1/p' | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rc=0
plain=$(munmap_ms)
for fn in $fns; do
	grep -qx "$fn" $t/available_filter_functions || continue
	echo "$fn" > $t/set_ftrace_filter || { rc=1; continue; }
	echo 0 > $t/function_profile_enabled
	echo 1 > $t/function_profile_enabled
	traced=$(munmap_ms)
	echo 0 > $t/function_profile_enabled
	# hits and total time (us) over all CPUs, for all REPS runs
	cat $t/trace_stat/function* | awk -v f="$fn" -v r="$reps" -v p="$plain" -v m="$traced" \
		-v b="$backend" '
		$1 == f { hits += $2; us += $3 }
		END {
			hits /= r; ms = us / r / 1000
			ovh = hits ? (m - p) / hits : 0
			printf "# profile backend=%s fn=%s hits=%d time_ms=%.3f munmap_ms=%.3f plain_ms=%.3f ovh_us=%.3f corrected_ms=%.3f\n",
				b, f, hits, ms, m, p, ovh * 1000, ms - hits * ovh / 2
		}'
done
echo > $t/set_ftrace_filter
${backend}_off || rc=1
result $rc
