# SPDX-License-Identifier: GPL-2.0
# stress:<case>[:seconds]: one case of the stress matrix, repeated for about
# SECONDS (default 20). Each run ends with every page read back and
# compared (zsmalloc_munmap -m verify) and the pool back at its baseline;
# the case prints the counters that prove it reached its path and fails if
# they did not move. Cases: exits, swapoff, reset, hotplug, compact,
# faults, switch, memcg.
IFS=: read -r _ case secs <<E
$1
E
secs=${secs:-20}
case $secs in ''|*[!0-9]*) echo "# seconds must be a number"; result 2; exit ;; esac
end=$(( $(date +%s) + secs ))
iters=0
rc=0

# counter BACKEND NAME: a deferred-free counter of the backend
counter() {
	deferred_sum "$1" "$2"
}

# run CMD...: run a zsmalloc_munmap command; a failure fails the case
run() {
	"$@" >/tmp/run.out 2>&1 && return
	rc=1
	cat /tmp/run.out
	deferred_stats zram
	deferred_stats zswap
}

# loop NAME CMD...: run CMD over and over in the background until unloop;
# /tmp/NAME.n counts the rounds (replaced whole, never seen half-written)
loop() {
	local name=$1
	shift
	echo 0 > /tmp/$name.n
	touch /tmp/$name.run
	( n=0
	  while [ -e /tmp/$name.run ]; do
		"$@"
		n=$((n + 1))
		echo $n > /tmp/$name.n.new && mv /tmp/$name.n.new /tmp/$name.n
	  done ) &
}

# unloop NAME: stop loop NAME, wait until its last round is over and set
# $rounds to the number of rounds. Not to be called in $(...): a subshell
# cannot wait for the loop, which is the caller's child.
unloop() {
	rm -f /tmp/$1.run
	wait
	rounds=$(cat /tmp/$1.n)
}

# need NAME VALUE: the case failed to reach its path unless VALUE > 0
need() {
	echo "# $1: $2"
	[ "$2" -gt 0 ] 2>/dev/null || { echo "# $1 did not move: the case missed its path"; rc=1; }
}

more() { [ "$(date +%s)" -lt "$end" ] && iters=$((iters + 1)); }

case $case in
exits)
	# Three processes with swapped memory killed at once, zram then zswap.
	for b in zram zswap; do
		${b}_on || { result 1; exit; }
		end=$(( $(date +%s) + secs / 2 ))
		while more; do
			run zsmalloc_munmap -b $b -s 32 -p 3 -m kill
			run zsmalloc_munmap -b $b -s 16 -p 3 -m verify
		done
		need "$b frees deferred" "$(counter $b deferred)"
		need "$b frees drained" "$(counter $b drained)"
		${b}_off || rc=1
	done
	;;
swapoff|reset)
	# Frees still pending when swap goes away (swapoff) or when the device
	# is reset, hot-removed and hot-added again (reset).
	pending=0
	while more; do
		zram_on 1G || { result 1; exit; }
		# large enough that the drain is still behind when the last
		# victim is reaped, even where it keeps up with two exits
		run zsmalloc_munmap -b zram -s 64 -p 3 -m kill -n
		p=$(counter zram pending)
		pending=$((pending + p))
		swapoff /dev/zram0 || rc=1
		if [ "$case" = reset ]; then
			echo 1 > /sys/block/zram0/reset || rc=1
			echo 0 > /sys/class/zram-control/hot_remove || rc=1
			[ "$(cat /sys/class/zram-control/hot_add)" = 0 ] || rc=1
		fi
		echo 1 > /sys/block/zram0/reset || rc=1
	done
	need "frees pending at $case (sum over runs)" $pending
	;;
hotplug)
	# CPU 1 goes offline and online while processes free on both CPUs.
	zram_on 1G || { result 1; exit; }
	cpu=/sys/devices/system/cpu/cpu1/online
	[ -w $cpu ] || { echo "# no $cpu"; result 1; exit; }
	flip() { echo 0 > $cpu && sleep 0.2 && echo 1 > $cpu && sleep 0.2; }
	loop hotplug flip
	while more; do
		run zsmalloc_munmap -b zram -s 32 -p 2 -m verify
	done
	unloop hotplug
	cycles=$rounds
	echo 1 > $cpu
	need "frees deferred" "$(counter zram deferred)"
	need "CPU 1 offline/online cycles" "$cycles"
	zram_off || rc=1
	;;
compact)
	# zram compaction and system-wide compaction while the drain runs.
	zram_on 1G || { result 1; exit; }
	compact() {
		echo 1 > /sys/block/zram0/compact
		echo 1 > /proc/sys/vm/compact_memory
	}
	loop compact compact
	while more; do
		run zsmalloc_munmap -b zram -s 32 -p 2 -m kill
		run zsmalloc_munmap -b zram -s 16 -p 2 -m verify
	done
	unloop compact
	passes=$rounds
	need "frees drained" "$(counter zram drained)"
	need "compaction passes (zram and system)" "$passes"
	echo "# zram pages compacted: $(awk '{print $7}' /sys/block/zram0/mm_stat)"
	zram_off || rc=1
	;;
faults)
	# Fail the deferred free's non-sleeping buffer allocations (only those
	# of the test's processes, and only allocations that cannot wait).
	f=/sys/kernel/debug/fail_page_alloc
	[ -d $f ] || { echo "# no $f: kernel without CONFIG_FAIL_PAGE_ALLOC"; result 1; exit; }
	zram_on 1G || { result 1; exit; }
	# the bound out of the way: the injected failures make the fallbacks
	maxp=$(cat /sys/module/zsmalloc/parameters/deferred_max_percent)
	echo 100 > /sys/module/zsmalloc/parameters/deferred_max_percent
	echo Y > $f/task-filter
	echo Y > $f/ignore-gfp-wait
	echo N > $f/ignore-gfp-highmem
	echo 0 > $f/min-order
	echo 50 > $f/probability
	echo 0 > $f/interval
	echo -1 > $f/times
	echo 0 > $f/verbose
	while more; do
		run sh -c 'echo 1 > /proc/self/make-it-fail; exec zsmalloc_munmap -b zram -s 32 -p 2 -m verify'
	done
	echo 0 > $f/probability
	echo "$maxp" > /sys/module/zsmalloc/parameters/deferred_max_percent
	need "frees fallen back to synchronous" "$(counter zram fallback)"
	need "frees deferred" "$(counter zram deferred)"
	zram_off || rc=1
	;;
switch)
	# The switch flipped under load; bad values refused, state unchanged.
	zram_on 1G || { result 1; exit; }
	flip() { defer_switch 0 && sleep 0.1 && defer_switch 1 && sleep 0.1; }
	loop switch flip
	while more; do
		run zsmalloc_munmap -b zram -s 32 -p 2 -m verify
	done
	unloop switch
	flips=$rounds
	defer_switch 1
	long=$(printf '1%.0s' $(seq 300))
	for f in $DEFER_SWITCHES; do
		for v in 2 -1 abc "" "$long" 0x1 " 1" yes; do
			if echo "$v" > "$f" 2>/dev/null; then
				echo "# $f accepted '$v'"
				rc=1
			fi
		done
		[ "$(cat "$f")" = Y ] || { echo "# $f changed to $(cat "$f")"; rc=1; }
	done
	need "frees deferred" "$(counter zram deferred)"
	need "switch flips" "$flips"
	zram_off || rc=1
	;;
memcg)
	# zswap under a small memory.max: reclaim, writeback and the zswap
	# shrinker run while frees are deferred.
	mkdir -p /sys/fs/cgroup
	mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p /sys/fs/cgroup/stress
	echo 48M > /sys/fs/cgroup/stress/memory.max
	# put back afterwards: with the zswap shrinker on, a cgroup's own
	# reclaim writes its entries back, which test_zswap's
	# test_no_invasive_cgroup_shrink, run later in the same boot, counts
	# as a failure
	shrinker=$(cat /sys/module/zswap/parameters/shrinker_enabled)
	echo Y > /sys/module/zswap/parameters/shrinker_enabled
	zswap_on || { result 1; exit; }
	while more; do
		run sh -c 'echo $$ > /sys/fs/cgroup/stress/cgroup.procs; exec zsmalloc_munmap -b zswap -s 32 -p 2 -m verify'
	done
	need "frees deferred" "$(counter zswap deferred)"
	need "zswap written back" "$(cat /sys/kernel/debug/zswap/written_back_pages)"
	echo "$shrinker" > /sys/module/zswap/parameters/shrinker_enabled
	zswap_off || rc=1
	rmdir /sys/fs/cgroup/stress
	;;
*)
	echo "# usage: stress:exits|swapoff|reset|hotplug|compact|faults|switch|memcg[:seconds]"
	result 2
	exit
	;;
esac
echo "# $case: $iters iterations"
result $rc
