# SPDX-License-Identifier: GPL-2.0
# munmap:<backend>:<MiB list>:<procs list>:<reps>[:<variants>]
# Lists are separated by "+". For every size and process count, REPS times
# in turn: each variant of the kernel (variants: "kernel", the kernel as
# booted; "off", with deferral switched off (zsmalloc's and zswap's
# deferred_free=0); "limit", data the backend
# keeps without zsmalloc: same-filled pages on zram, zero pages on zswap;
# "kill", the processes SIGKILLed instead of unmapping; "swapin", the area
# read back from swap; "peak", an untimed munmap while the deferred free's
# buffer pages are sampled, then the pages it keeps once idle; first
# repetition only).
# The variants' order rotates by one each repetition, so that none always
# runs first (after the previous size's frees) or last.
# Prints zsmalloc_munmap's "# result" lines tagged with variant=,
# "# buffer_pages" lines for "peak", and the deferred free's counters at
# the end.
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
# buffer pages the backend's deferred free holds
bufpages() {
	deferred_sum "$backend" buffer_pages
}
# peak MIB PROCS: the most buffer pages seen during a munmap (sampled as
# fast as the shell can read them; the sampler takes CPU time, so this
# munmap is not timed), and those kept 2 s later, when idle
peak() {
	[ -n "$(deferred_files "$backend")" ] || return 0
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
# rotate K WORD...: the words from the K-th on (mod their count), then the rest
rotate() {
	k=$(($1 % ($# - 1))) i=0 head= tail=
	shift
	for w; do
		if [ $i -lt $k ]; then tail="$tail $w"; else head="$head $w"; fi
		i=$((i + 1))
	done
	echo $head $tail
}
echo "# deferral switches: $(cat $DEFER_SWITCHES 2>/dev/null | tr '\n' ' ')"
rc=0
for mib in $(echo "$sizes" | tr + ' '); do
	for p in $(echo "$procs" | tr + ' '); do
		r=0
		while [ $r -lt "$reps" ]; do
			r=$((r + 1))
			# shellcheck disable=SC2046 # the variants are words
			for v in $(rotate $((r - 1)) $(echo "$variants" | tr + ' ')); do
				d=mixed m=munmap
				case $v in
				limit) d=$limit ;;
				off) defer_switch 0 || continue ;;
				kill) m=kill ;;
				swapin) m=verify ;;
				peak) [ $r = 1 ] && peak "$mib" "$p"; continue ;;
				esac
				zsmalloc_munmap -b "$backend" -s "$mib" -p "$p" -d $d -m $m \
					>/tmp/out 2>&1 || { rc=1; cat /tmp/out; }
				sed -n "s/^# result /# result variant=$v /p" /tmp/out
				[ "$v" = off ] && defer_switch 1
			done
		done
	done
done
# frees deferred and frees done at once for want of a buffer, this boot
[ -n "$(deferred_files "$backend")" ] &&
	echo "# deferred_free backend=$backend" \
		"deferred=$(deferred_sum "$backend" deferred)" \
		"fallback=$(deferred_sum "$backend" fallback)"
${backend}_off || rc=1
result $rc
