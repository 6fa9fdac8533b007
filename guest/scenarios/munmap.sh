# SPDX-License-Identifier: GPL-2.0
# munmap:<backend>:<MiB>:<reps>: time munmap() of a swapped-out VMA, REPS
# times, alternating mixed data with the limit pattern (zram: same-filled
# pages, kept as same-filled slots; zswap: zero pages, kept out of zswap).
IFS=: read -r _ backend mib reps <<E
$1
E
mib=${mib:-256} reps=${reps:-3}
case $backend in
zram) limit=same; zram_on 2G ;;
zswap) limit=zero; zswap_on ;;
*) echo "# usage: munmap:zram|zswap:MiB:reps"; result 2; exit ;;
esac || { result 1; exit; }
rc=0
r=0
while [ $r -lt "$reps" ]; do
	r=$((r + 1))
	for pat in mixed $limit; do
		swaptest munmap "$backend" "$mib" $pat | grep -v '^ok ' || rc=1
	done
done
${backend}_off || rc=1
result $rc
