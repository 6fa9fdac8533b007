# diagnostic: zswap drain progress after a kill of 3 x 32 MiB
zswap_on || { result 1; exit; }
for sw in 1 0 1; do
	echo $sw > /sys/module/zswap/parameters/deferred_free
	zsmalloc_munmap -b zswap -s 32 -p 3 -m kill -n 2>&1 | grep "# result"
	t0=$(cut -d' ' -f1 /proc/uptime)
	i=0
	while [ $i -lt 40 ]; do
		echo "# sw=$sw t=$(cut -d' ' -f1 /proc/uptime) stored=$(cat /sys/kernel/debug/zswap/stored_pages) $(tr '\n' ' ' < /sys/kernel/debug/zswap/deferred_free)"
		[ "$(cat /sys/kernel/debug/zswap/stored_pages)" -le 200 ] && break
		sleep 0.5
		i=$((i + 1))
	done
done
zswap_off
result 0
