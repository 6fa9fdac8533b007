# diagnostic: dump task states and kernel stacks periodically
(
	sleep 200
	while :; do
		echo "=== watch $(cat /proc/uptime)"
		for d in /proc/[0-9]*; do
			st=$(awk '{print $3}' $d/stat 2>/dev/null)
			c=$(cat $d/comm 2>/dev/null)
			case "$c" in
			kworker*|ksoftirq*|rcu*|migration*|cpuhp*|kthreadd|kswapd*|kcompactd*|oom_reaper|khungtaskd|kmemleak|watchdog*|idle_inject*|kdevtmpfs|kauditd|writeback|kblockd|blkcg*|kintegrityd|md|edac*|devfreq*|pool_work*)
				[ "$st" = D ] || grep -q "deferred\|zswap\|zs_" $d/stack 2>/dev/null || continue ;;
			esac
			echo "--- ${d#/proc/} $c $st $(cat $d/cmdline 2>/dev/null | tr '\0' ' ' | cut -c1-60)"
			cat $d/stack 2>/dev/null | head -8
		done
		sleep 30
	done
) </dev/null >/dev/console 2>&1 &
result 0
