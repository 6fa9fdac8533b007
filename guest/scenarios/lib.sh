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

# deferred_stats BACKEND: print the deferred-free counters of the backend's
# zsmalloc pool. With expect_deferred=1 on the kernel command line, also
# check that frees were deferred and that every one deferred before this
# check was carried out within the bound (a partial buffer is drained
# within a second of its last push; allow 3 s under emulation). Frees that
# come in while it waits are not held against it: the shell running this
# check faults its own swapped-out pages back in, and zswap frees an entry
# on such a load, so "pending" need not reach 0 while it looks.
deferred_stats() {
	local f found=0 bad=0 deferred before drained i
	# (not "counter": shell functions are global, and a scenario's own
	# counter must survive this call)
	ds_counter() { awk -v k="$1" '$1 == k {print $2}' "$f"; }
	for f in /sys/kernel/debug/zsmalloc/"$1"*/deferred_free; do
		[ -f "$f" ] || continue
		before=$(ds_counter deferred)
		for i in 1 2 3 4 5 6 7 8 9 10; do
			drained=$(ds_counter drained)
			[ "$drained" -ge "$before" ] && break
			sleep 0.3
		done
		echo "# $(basename "$(dirname "$f")") deferred_free: $(tr '\n' ' ' < "$f")"
		deferred=$(ds_counter deferred)
		drained=$(ds_counter drained)
		[ "$deferred" -gt 0 ] && found=1
		if [ "$drained" -lt "$before" ]; then
			echo "# $((before - drained)) of the $before frees deferred before the check still pending after 3 s"
			bad=1
		fi
	done
	grep -q 'expect_deferred=1' /proc/cmdline || return 0
	if [ $found = 1 ] && [ $bad = 0 ]; then
		echo "ok - $1: frees were deferred; all deferred before the check were drained"
	elif [ $found = 0 ]; then
		echo "not ok - $1: no free was deferred"
		return 1
	else
		echo "not ok - $1: deferred frees were not drained within the bound"
		return 1
	fi
}
