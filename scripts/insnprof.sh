#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Where the instructions of a munmap go, function by function:
#   insnprof.sh KERNEL BACKEND MIB VARIANT [TAG]
# KERNEL is base, patched, nodefer (the patched tree built with
# CONFIG_ZSMALLOC_DEFERRED_FREE=n) or syncbatch (scripts/variant.sh's
# synchronous batch free); BACKEND zram or zswap; VARIANT as in the
# munmap scenario (kernel, off, limit). Boots the kernel under QEMU
# -icount shift=3,sleep=off with one vCPU and tools/insnprof.c, a TCG plugin
# that counts the instructions of every translation block, and runs one
# munmap of MIB MiB. The benchmark reads /proc/timer_list just before it
# releases the memory and once the memory is back; the plugin writes its
# counts at each such read, so the interval between the two is the
# benchmark's "busy until memory back", counted exactly and attributed to
# functions with no tracer in the guest. It also holds the instructions of
# the process that watches for the memory (reading zsmalloc's statistics),
# which the benchmark's busy time leaves out.
# FLAVOUR=release profiles the kernels scripts/kernel.sh builds with
# config/release.list (-O2, jump labels: as distributions build them).
# Writes results/insnprof/[FLAVOUR-]KERNEL-BACKEND-MIB-VARIANT[-TAG].txt, one
# line per function: instructions, calls, name. Compare two with
#   scripts/insnprof.py compare A.txt B.txt
. "$(dirname "$0")/lib.sh"

[ $# -ge 4 ] || die "usage: insnprof.sh base|patched|nodefer|syncbatch zram|zswap MIB kernel|off|limit [TAG]"
k=$1 b=$2 mib=$3 v=$4 tag=${5:+-$5}
flavour=${FLAVOUR:-guest} prefix=
[ -f "$TOP/config/$flavour.list" ] || die "FLAVOUR=$flavour: no config/$flavour.list"
[ "$flavour" = guest ] || prefix=$flavour-
case $k in
base|patched) dir=$BUILD/kbuild/$flavour-$k ;;
nodefer) [ "$flavour" = guest ] || die "nodefer is built in the guest flavour only"
	dir=$BUILD/kbuild/nodefer-patched ;;
syncbatch) [ "$flavour" = guest ] || die "syncbatch is built in the guest flavour only"
	dir=$BUILD/kbuild/guest-syncbatch ;;
*) die "kernel $k: base, patched, nodefer or syncbatch" ;;
esac
case $b in zram|zswap) ;; *) die "backend $b: zram or zswap" ;; esac
[[ $mib =~ ^[1-9][0-9]*$ ]] || die "size $mib: MiB"
case $v in kernel|off|limit) ;; *) die "variant $v: kernel, off or limit" ;; esac
[ -f "$dir/vmlinux" ] ||
	die "no $dir/vmlinux: scripts/kernel.sh $k $flavour first"
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs; run scripts/initramfs.sh"

plugin=$BUILD/insnprof.so
if [ ! -f "$plugin" ] || [ "$TOP/tools/insnprof.c" -nt "$plugin" ]; then
	gcc -O2 -shared -fPIC -fvisibility=hidden -Wall -o "$plugin" \
		"$TOP/tools/insnprof.c" || die "could not build the plugin"
fi
marker=0x$(nm "$dir/vmlinux" | awk '$3 == "timer_list_start" { print $1 }')
[ "$marker" != 0x ] || die "no timer_list_start in $dir/vmlinux"
name=$prefix$k-$b-$mib-$v$tag
raw=$BUILD/insnprof/$name.prof
mkdir -p "$BUILD/insnprof" "$LOGS/insnprof" "$TOP/results/insnprof"
QEMU_EXTRA="-plugin $plugin,arg=marker=$marker,arg=out=$raw" ICOUNT=3 SMP=1 \
	MEM=2G TIMEOUT=1800 "$TOP/scripts/boot.sh" "$dir/arch/x86/boot/bzImage" \
	"insnprof/$name" "munmap:$b:$mib:1:1:$v" kunit.enable=0
log=$LOGS/insnprof/$name.log
grep -q "^ok 1 munmap" "$log" || die "$name: the boot did not pass; see $log"
out=$TOP/results/insnprof/$name.txt
python3 "$TOP/scripts/insnprof.py" table "$dir/vmlinux" "$raw" > "$out"
grep "# result" "$log" | sed 's/^ *//' > "$out.result"
log "$out: $(head -1 "$out" | cut -d' ' -f1) instructions; $(cat "$out.result")"
