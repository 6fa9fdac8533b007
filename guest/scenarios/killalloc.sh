# SPDX-License-Identifier: GPL-2.0
# killalloc[:victims[:MiB[:alloc_MiB[:max_MiB[:reps]]]]]: memory cgroup
# kill-then-allocate on zswap (see guest/killalloc.c). In a cgroup with
# memory.max max_MiB (default 160) and
# memory.zswap.writeback 0, VICTIMS processes (default 3) fill MiB each
# (default 96) of compressible memory, which goes to zswap; all are killed,
# and a new process writes alloc_MiB (default 135) of incompressible memory
# in the same cgroup. Fails on an OOM kill during that allocation, on the
# allocator not exiting 0, or on a zswap charge left after the last victim
# was reaped above one deferred-free buffer per online CPU. Runs once with
# the deferred free switched on and once switched off in the same boot (a
# kernel without the switches: once, as it is), each in a fresh cgroup,
# reps times (default 1), the order turned round every repetition; fails
# if any run fails. Leaves deferral on.
#
# killalloc:zswapmax[:victims[:MiB[:alloc_MiB[:zswap_max_MiB[:reps]]]]]:
# the same with memory.max 80M, the cgroup's memory.zswap.max
# zswap_max_MiB (default 16) and memory.zswap.writeback left on, so that
# the victims fill zswap to its limit and the rest goes to the disk;
# victims 3 x 48 MiB and alloc_MiB 160 by default, the allocator's data
# compressible too. Fails also if the
# cgroup's zswap charge goes above memory.zswap.max (a page per CPU
# allowed) while the allocator runs, or if none of its pages goes to zswap.
#
# killalloc:global[:victims[:MiB[:alloc_MiB[:reps]]]]: the same on zram
# under global pressure, no memory cgroup (killalloc -): zram0 of 2G is
# the swap, zswap off; VICTIMS processes (default 3) fill MiB each
# (default 200), all are killed, and a new process writes alloc_MiB
# (default 350). Meant for a small guest (MEM=512M, say), where the
# victims' memory cannot all stay in RAM and much of it goes to zram, and
# the allocator needs what they freed. Fails on an OOM kill anywhere during
# the allocation or on the allocator not exiting 0; zram0's pool size and
# the deferred frees pending after the kill are printed, not judged. Same
# runs with deferral on and off, reps times (default 1); fails if any run
# fails. Leaves deferral on and zram off.
zmax=
case $1 in
killalloc:zswapmax|killalloc:zswapmax:*)
	global=
	IFS=: read -r _ _ victims mib amib zmax reps <<E
$1
E
	victims=${victims:-3}
	mib=${mib:-48}
	amib=${amib:-160}
	zmax=${zmax:-16}
	max=80
	usage="killalloc:zswapmax[:victims[:MiB[:alloc_MiB[:zswap_max_MiB[:reps]]]]]"
	;;
killalloc:global|killalloc:global:*)
	global=1
	IFS=: read -r _ _ victims mib amib reps <<E
$1
E
	victims=${victims:-3}
	mib=${mib:-200}
	amib=${amib:-350}
	max=0
	usage="killalloc:global[:victims[:MiB[:alloc_MiB[:reps]]]]"
	;;
*)
	global=
	IFS=: read -r _ victims mib amib max reps <<E
$1
E
	victims=${victims:-3}
	mib=${mib:-96}
	amib=${amib:-135}
	max=${max:-160}
	usage="killalloc[:victims[:MiB[:alloc_MiB[:max_MiB[:reps]]]]]"
	;;
esac
reps=${reps:-1}
for v in "$victims" "$mib" "$amib" "$max" "$reps" ${zmax:+"$zmax"}; do
	case $v in ''|*[!0-9]*)
		echo "# usage: $usage (numbers)"
		result 2
		exit
		;;
	esac
done
cg=/sys/fs/cgroup/killalloc
rc=0

if [ "$global" ]; then
	p=/sys/module/zswap/parameters
	# zswap would take the pages before zram: it stays off
	if [ -e $p/enabled ] && [ "$(cat $p/enabled)" != N ] &&
	   ! echo 0 > $p/enabled; then
		echo "# cannot turn zswap off"
		result 1
		exit
	fi
	zram_on 2G || { echo "# cannot set up zram0 as swap"; result 1; exit; }
	echo "# zram0: comp_algorithm $(cat /sys/block/zram0/comp_algorithm), disksize $(cat /sys/block/zram0/disksize); zswap enabled $(cat $p/enabled 2>/dev/null || echo -)"
	echo "# swaps: $(tail -n +2 /proc/swaps | awk '{ printf "%s (%s kB, priority %s); ", $1, $3, $5 }')"
else
	mkdir -p /sys/fs/cgroup
	if ! grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts &&
	   ! mount -t cgroup2 none /sys/fs/cgroup; then
		echo "# cannot mount cgroup2 at /sys/fs/cgroup"
		result 1
		exit
	fi
	grep -qw memory /sys/fs/cgroup/cgroup.controllers ||
		{ echo "# no memory controller in cgroup2 (CONFIG_MEMCG?)"; result 1; exit; }
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control ||
		{ echo "# cannot enable +memory in /sys/fs/cgroup/cgroup.subtree_control"; result 1; exit; }
	zswap_on || { result 1; exit; }
	p=/sys/module/zswap/parameters
	echo "# zswap: compressor $(cat $p/compressor), zpool $(cat $p/zpool), shrinker_enabled $(cat $p/shrinker_enabled 2>/dev/null || echo -)"
fi

# rmdir_cg: remove the cgroup; its last tasks may take a moment to go
rmdir_cg() {
	local i
	[ -d $cg ] || return 0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		rmdir $cg 2>/dev/null && return 0
		sleep 1
	done
	echo "# cannot remove $cg: tasks $(tr '\n' ' ' < $cg/cgroup.procs)"
	return 1
}

# run_once LABEL [VARIANT]: the program in a fresh cgroup; prints the run's
# TAP line, fails if the program does
run_once() {
	local r
	rmdir_cg || return 1
	if ! mkdir $cg; then
		echo "not ok - $1: cannot create $cg"
		return 1
	fi
	if ! echo "${max}M" > $cg/memory.max; then
		echo "not ok - $1: cannot set $cg/memory.max"
		rmdir_cg
		return 1
	fi
	if [ "$zmax" ]; then
		if ! echo "${zmax}M" > $cg/memory.zswap.max; then
			echo "not ok - $1: cannot set $cg/memory.zswap.max"
			rmdir_cg
			return 1
		fi
	elif [ -e $cg/memory.zswap.writeback ]; then
		if ! echo 0 > $cg/memory.zswap.writeback; then
			echo "not ok - $1: cannot set $cg/memory.zswap.writeback"
			rmdir_cg
			return 1
		fi
	else
		echo "# no memory.zswap.writeback: zswap may write back to /dev/vda"
	fi
	echo "# $1"
	KILLALLOC_VARIANT=${2:--} killalloc $cg "$victims" "$mib" "$amib"
	r=$?
	rmdir_cg || { [ $r = 0 ] && r=1; }
	case $r in
	0) echo "ok - $1: kill-then-allocate" ;;
	2) echo "not ok - $1: kill-then-allocate could not set up its case" ;;
	*) echo "not ok - $1: kill-then-allocate (exit $r)" ;;
	esac
	[ $r = 0 ]
}

# run_global LABEL [VARIANT]: the program with no cgroup; prints the run's
# TAP line, fails if the program does
run_global() {
	local r
	echo "# $1"
	KILLALLOC_VARIANT=${2:--} killalloc - "$victims" "$mib" "$amib"
	r=$?
	case $r in
	0) echo "ok - $1: kill-then-allocate" ;;
	2) echo "not ok - $1: kill-then-allocate could not set up its case" ;;
	*) echo "not ok - $1: kill-then-allocate (exit $r)" ;;
	esac
	[ $r = 0 ]
}

# variant LABEL: one run with the deferred free on or off, or as built
variant() {
	case $1 in
	on) defer_switch 1 ;;
	off) defer_switch 0 ;;
	esac || { echo "not ok - cannot switch deferral $1"; return 1; }
	if [ "$global" ]; then
		run_global "$1, repetition $2" "$1"
	else
		run_once "$1, repetition $2" "$1"
	fi
}

fails=
if defer_switch 1; then
	for r in $(seq "$reps"); do
		order="on off"
		[ $((r % 2)) = 0 ] && order="off on"
		for v in $order; do
			variant $v $r || { rc=1; fails="$fails $v/$r"; }
		done
	done
	defer_switch 1 || { echo "# cannot switch deferral back on"; rc=1; }
else
	echo "# no deferred_free switch (a kernel without the series or without CONFIG_ZSMALLOC_DEFERRED_FREE): as built"
	for r in $(seq "$reps"); do
		variant built $r || { rc=1; fails="$fails built/$r"; }
	done
fi
echo "# failed runs:${fails:- none}"
if [ "$global" ]; then
	deferred_stats zram || rc=1
	zram_off || rc=1
else
	deferred_stats zswap || rc=1
	zswap_off || rc=1
fi
result $rc
