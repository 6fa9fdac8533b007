# SPDX-License-Identifier: GPL-2.0
# munmap:<backend>:<MiB list>:<procs list>:<reps>[:<variants>]
# Lists are separated by "+". For every size and process count, REPS times
# in turn: each variant of the kernel (variants: "kernel", the kernel as
# booted; "off", with zsmalloc.deferred_free=0; "limit", data the backend
# keeps without zsmalloc: same-filled pages on zram, zero pages on zswap;
# "kill", the processes SIGKILLed instead of unmapping; "swapin", the area
# read back from swap; "peak", an untimed munmap while the deferred free's
# buffer pages are sampled, then the pages it keeps once idle; first
# repetition only).
# Prints zsmalloc_munmap's "# result" lines tagged with variant=, and
# "# buffer_pages" lines for "peak".
IFS=: read -r _ backend sizes procs reps variants <<E
$1
E
reps=${reps:-3} variants=${variants:-kernel+limit}
case $reps in ''|*[!0-9]*) backend=bad ;; esac
case $backend in
zram) limit=same; zram_on 8G ;;
zswap) limit=zero; zswap_on ;;
*) echo "# usage: munmap:zram|zswap:MiB+MiB:procs+procs:reps[:variants]"; result 2; exit ;;
esac || { result 1; exit; }
sw=/sys/module/zsmalloc/parameters/deferred_free
# buffer pages the deferred free holds, summed over the backend's pools
bufpages() {
	cat /sys/kernel/debug/zsmalloc/"$backend"*/deferred_free 2>/dev/null |
		awk '$1 == "buffer_pages" {s += $2} END {print s + 0}'
}
# peak MIB PROCS: the most buffer pages seen during a munmap (sampled as
# fast as the shell can read them; the sampler takes CPU time, so this
# munmap is not timed), and those kept 2 s later, when idle
peak() {
	ls /sys/kernel/debug/zsmalloc/"$backend"*/deferred_free >/dev/null 2>&1 || return 0
	touch /tmp/sampling
	(
		m=0
		while [ -f /tmp/sampling ]; do
			v=$(bufpages)
			[ "$v" -gt $m ] && m=$v
		done
		echo $m > /tmp/peak
	) &
	zsmalloc_munmap -b "$backend" -s "$1" -p "$2" -d mixed >/tmp/out 2>&1 ||
		{ rc=1; cat /tmp/out; }
	rm -f /tmp/sampling
	wait $!
	sleep 2
	echo "# buffer_pages backend=$backend size_mib=$1 procs=$2" \
		"peak=$(cat /tmp/peak) idle=$(bufpages)"
}
rc=0
for mib in $(echo "$sizes" | tr + ' '); do
	for p in $(echo "$procs" | tr + ' '); do
		r=0
		while [ $r -lt "$reps" ]; do
			r=$((r + 1))
			for v in $(echo "$variants" | tr + ' '); do
				d=mixed m=munmap
				case $v in
				limit) d=$limit ;;
				off) [ -w $sw ] && echo 0 > $sw || continue ;;
				kill) m=kill ;;
				swapin) m=verify ;;
				peak) [ $r = 1 ] && peak "$mib" "$p"; continue ;;
				esac
				zsmalloc_munmap -b "$backend" -s "$mib" -p "$p" -d $d -m $m \
					>/tmp/out 2>&1 || { rc=1; cat /tmp/out; }
				sed -n "s/^# result /# result variant=$v /p" /tmp/out
				[ "$v" = off ] && echo 1 > $sw
			done
		done
	done
done
${backend}_off || rc=1
result $rc
