# SPDX-License-Identifier: GPL-2.0
# munmap:<backend>:<MiB list>:<procs list>:<reps>[:<variants>]
# Lists are separated by "+". For every size and process count, REPS times
# in turn: each variant of the kernel (variants: "kernel", the kernel as
# booted; "off", with zsmalloc.deferred_free=0; "limit", data the backend
# keeps without zsmalloc: same-filled pages on zram, zero pages on zswap).
# Prints zsmalloc_munmap's "# result" lines tagged with variant=.
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
rc=0
for mib in $(echo "$sizes" | tr + ' '); do
	for p in $(echo "$procs" | tr + ' '); do
		r=0
		while [ $r -lt "$reps" ]; do
			r=$((r + 1))
			for v in $(echo "$variants" | tr + ' '); do
				d=mixed
				case $v in
				limit) d=$limit ;;
				off) [ -w $sw ] && echo 0 > $sw || continue ;;
				esac
				zsmalloc_munmap -b "$backend" -s "$mib" -p "$p" -d $d \
					>/tmp/out 2>&1 || { rc=1; cat /tmp/out; }
				sed -n "s/^# result /# result variant=$v /p" /tmp/out
				[ "$v" = off ] && echo 1 > $sw
			done
		done
	done
done
${backend}_off || rc=1
result $rc
