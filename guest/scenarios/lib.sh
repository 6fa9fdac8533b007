# SPDX-License-Identifier: GPL-2.0
# Helpers for the scenarios. A scenario runs in a subshell and writes its exit
# status to /tmp/rc (0 = pass); TAP lines it prints are nested subtests.

result() { echo "$1" > /tmp/rc; }

zram_on() {
	[ -e /sys/block/zram0 ] || { echo "# no /sys/block/zram0"; return 1; }
	echo 1 > /sys/block/zram0/reset
	echo "${ZRAM_COMP:-lzo-rle}" > /sys/block/zram0/comp_algorithm
	echo "${1:-1G}" > /sys/block/zram0/disksize
	mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
}

zram_off() {
	swapoff /dev/zram0 && echo 1 > /sys/block/zram0/reset
}

zswap_on() {
	[ -b /dev/vda ] || { echo "# no /dev/vda (the swap disk zswap needs)"; return 1; }
	echo 1 > /sys/module/zswap/parameters/enabled
	# room for the benchmark's largest runs without writeback to the disk
	echo 90 > /sys/module/zswap/parameters/max_pool_percent
	mkswap /dev/vda >/dev/null && swapon /dev/vda
}

zswap_off() {
	swapoff /dev/vda
	echo 0 > /sys/module/zswap/parameters/enabled
}

# deferred_files BACKEND: the files with the backend's deferred-free
# counters: zram's zsmalloc pools; zswap's own (zswap defers whole entry
# frees, its zsmalloc pools free at once)
deferred_files() {
	case $1 in
	zswap) ls /sys/kernel/debug/zswap/deferred_free ;;
	*) ls /sys/kernel/debug/zsmalloc/"$1"*/deferred_free ;;
	esac 2>/dev/null
}

# deferred_sum BACKEND NAME: a deferred-free counter summed over those files
deferred_sum() {
	local f
	for f in $(deferred_files "$1"); do cat "$f"; done |
		awk -v k="$2" '$1 == k { s += $2 } END { print s + 0 }'
}

# the run-time switches of the deferred free (zsmalloc's and zswap's)
DEFER_SWITCHES="/sys/module/zsmalloc/parameters/deferred_free /sys/module/zswap/parameters/deferred_free"

# defer_switch 0|1: set every switch this kernel has; fails if it has none
defer_switch() {
	local f found=1
	for f in $DEFER_SWITCHES; do
		[ -w "$f" ] || continue
		echo "$1" > "$f" && found=0
	done
	return $found
}

# deferred_stats BACKEND: print the backend's deferred-free counters. With
# expect_deferred=1 on the kernel command line, also check that frees were
# deferred and that every one deferred before this check is carried out:
# the drained count must reach what was deferred before, and a drain that
# makes no progress for 5 s (or takes 300 s) fails. How long the backlog takes is printed,
# not judged: on a debug kernel under emulation the drain frees a few
# thousand entries a second, and the benchmark measures the rest. Frees
# that come in while it waits are not held against it: the shell running
# this check faults its own swapped-out pages back in, and zswap frees an
# entry on such a load, so "pending" need not reach 0 while it looks.
deferred_stats() {
	local f found=0 bad=0 deferred before drained last t0 tlast now
	# (not "counter": shell functions are global, and a scenario's own
	# counter must survive this call)
	ds_counter() { awk -v k="$1" '$1 == k {print $2}' "$f"; }
	uptime_ds() { awk '{ print int($1 * 10) }' /proc/uptime; }
	for f in $(deferred_files "$1"); do
		before=$(ds_counter deferred)
		last=-1
		t0=$(uptime_ds)
		tlast=$t0
		while :; do
			drained=$(ds_counter drained)
			now=$(uptime_ds)
			[ "$drained" -ge "$before" ] && break
			if [ "$drained" != "$last" ]; then
				last=$drained
				tlast=$now
			elif [ $((now - tlast)) -gt 50 ] || [ $((now - t0)) -gt 3000 ]; then
				break
			fi
			sleep 0.3
		done
		echo "# $(basename "$(dirname "$f")") deferred_free: $(tr '\n' ' ' < "$f")"
		deferred=$(ds_counter deferred)
		drained=$(ds_counter drained)
		[ "$deferred" -gt 0 ] && found=1
		if [ "$drained" -lt "$before" ]; then
			echo "# $((before - drained)) of the $before frees deferred before the check still pending (no progress for 5 s, or 300 s in all)"
			bad=1
		else
			echo "# the $before frees deferred before the check drained in $(( (now - t0) / 10 )).$(( (now - t0) % 10 )) s"
		fi
	done
	grep -q 'expect_deferred=1' /proc/cmdline || return 0
	if [ $found = 1 ] && [ $bad = 0 ]; then
		echo "ok - $1: frees were deferred; all deferred before the check were drained"
	elif [ $found = 0 ]; then
		echo "not ok - $1: no free was deferred"
		return 1
	else
		echo "not ok - $1: the drain of deferred frees made no progress"
		return 1
	fi
}
