# SPDX-License-Identifier: GPL-2.0
# integrity:<backend>[:MiB]: write mixed data, page it out, check it is in
# swap, read it back and compare, then wait for the backend's memory to
# return to its baseline (zsmalloc_munmap -m verify); then unmap as much
# swapped-out data unread (-m munmap), the path that defers on both
# backends (zswap frees the entry of a page read back at once), and check
# the deferred-free counters.
IFS=: read -r _ backend mib <<E
$1
E
mib=${mib:-128}
case $backend in
zram) zram_on 1G ;;
zswap) zswap_on ;;
*) echo "# usage: integrity:zram|zswap[:MiB]"; result 2; exit ;;
esac || { result 1; exit; }
zsmalloc_munmap -b "$backend" -s "$mib" -m verify
rc=$?
zsmalloc_munmap -b "$backend" -s "$mib" -m munmap || rc=1
deferred_stats "$backend" || rc=1
${backend}_off || rc=1
result $rc
