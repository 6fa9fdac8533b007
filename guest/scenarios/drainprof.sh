# diagnostic: where the zswap drain's time goes, deferred vs synchronous
zswap_on || { result 1; exit; }
T=/sys/kernel/tracing
[ -d $T/trace_stat ] || mount -t tracefs nodev $T
busy() { awk '/^cpu /{ print $2+$3+$4+$6+$7+$8 }' /proc/stat; }
for sw in 1 0; do
	echo $sw > /sys/module/zswap/parameters/deferred_free
	: > $T/set_ftrace_filter
	for f in zswap_entry_free zswap_invalidate zs_free zpool_free list_lru_del \
		kmem_cache_free obj_cgroup_uncharge_zswap __free_zspage free_zspage \
		kasan_quarantine_put kmemleak_free deferred_free_drain_one \
		zswap_deferred_free_entries lock_acquire \
		__slab_free mem_cgroup_from_slab_obj swap_entry_range_free \
		free_swap_and_cache_nr unmap_page_range; do
		echo $f >> $T/set_ftrace_filter 2>/dev/null
	done
	echo 0 > $T/function_profile_enabled
	echo 1 > $T/function_profile_enabled
	b0=$(busy); t0=$(cut -d' ' -f1 /proc/uptime)
	zsmalloc_munmap -b zswap -s 32 -p 3 -m kill -n 2>&1 | grep "# result"
	i=0
	while [ "$(cat /sys/kernel/debug/zswap/stored_pages)" -gt 200 ] && [ $i -lt 60 ]; do
		sleep 0.5; i=$((i + 1))
	done
	t1=$(cut -d' ' -f1 /proc/uptime); b1=$(busy)
	echo 0 > $T/function_profile_enabled
	echo "# sw=$sw wall=$(echo "$t0 $t1" | awk '{print $2-$1}') busy_ticks=$((b1 - b0)) $(tr '\n' ' ' < /sys/kernel/debug/zswap/deferred_free)"
	for c in $T/trace_stat/function*; do
		echo "# $c"
		head -25 $c | sed 's/^/# /'
	done
done
zswap_off
result 0
