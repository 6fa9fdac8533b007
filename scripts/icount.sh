#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench MODE=icount: the deterministic benchmark. QEMU counts
# instructions (-icount shift=ICOUNT_SHIFT,sleep=off, one vCPU), so guest
# time is work done and boots of different kernels compare directly. For
# each backend, the base kernel and the patched kernel are booted in turn
# (ICOUNT_BOOTS times each; ICOUNT_KERNELS="base patched nodefer patch1
# ablation syncbatch" adds the patched tree built with
# CONFIG_ZSMALLOC_DEFERRED_FREE=n, the base with the series' first patch
# alone, and the ablation and synchronous batch free kernels of
# scripts/variant.sh) and munmap SIZES MiB of swapped-out memory,
# REPS times per variant: the kernel as booted, the patched kernel with
# deferral switched off ("off"), and the limit (data the backend keeps
# without zsmalloc). Every repetition goes to results/icount.csv; the
# report, results/icount.md, is made from it alone
# (scripts/icountreport.py results/icount.csv). FLAVOUR=release boots the
# kernels built with config/release.list instead (-O2 and jump labels, as
# distributions build them) and writes results/icount-release.{csv,md}.
. "$(dirname "$0")/lib.sh"

BACKENDS=${BACKENDS:-zram zswap}
SIZES=${ICOUNT_SIZES:-${SIZES:-64 256}}
REPS=${REPS:-5}
SHIFT=${ICOUNT_SHIFT:-3}
BOOTS=${ICOUNT_BOOTS:-1}
KERNELS=${ICOUNT_KERNELS:-base patched}
for k in $KERNELS; do
	case $k in base|patched|nodefer|patch1|ablation|syncbatch) ;;
	*) die "ICOUNT_KERNELS=\"$KERNELS\": base, patched, nodefer, patch1, ablation, syncbatch" ;;
	esac
done
OUT=${OUT:-$TOP/results}
FLAVOUR=${FLAVOUR:-guest} sfx=
[ -f "$TOP/config/$FLAVOUR.list" ] || die "FLAVOUR=$FLAVOUR: no config/$FLAVOUR.list"
[ "$FLAVOUR" = guest ] || sfx=-$FLAVOUR
[ "$FLAVOUR" = guest ] || [ "$KERNELS" = "base patched" ] ||
	die "ICOUNT_KERNELS: only base and patched are built in the $FLAVOUR flavour"
[[ $SHIFT =~ ^[0-9]$ ]] || die "ICOUNT_SHIFT=$SHIFT: a shift from 0 to 9"
[[ $BOOTS =~ ^[1-9]$ ]] || die "ICOUNT_BOOTS=$BOOTS: 1 to 9 boots per kernel"
for s in $SIZES; do
	[[ $s =~ ^[1-9][0-9]*$ ]] || die "SIZES=\"$SIZES\": sizes in MiB"
done

start=$(date +%s)
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" base "$FLAVOUR"
"$TOP/scripts/kernel.sh" patched "$FLAVOUR"
for k in $KERNELS; do
	case $k in
	nodefer) "$TOP/scripts/kernel.sh" patched nodefer ;;
	patch1|ablation|syncbatch) "$TOP/scripts/variant.sh" "$k" ;;
	esac
done
"$TOP/scripts/initramfs.sh"
mkdir -p "$OUT/icount$sfx-logs" "$LOGS/icount"
rev=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
day=$(date -u +%Y-%m-%d)
csv=$OUT/icount$sfx.csv
echo "date,revision,shift,cpus,boot,kernel,backend,size_mib,variant,rep,munmap_ms,thread_ms,busy_ms,return_ms,flavour" > "$csv"
sizes=$(echo $SIZES | tr ' ' +)
for b in $BACKENDS; do
	for boot in $(seq "$BOOTS"); do
		for k in $KERNELS; do
			v=kernel+limit image=$BUILD/kbuild/$FLAVOUR-$k/arch/x86/boot/bzImage
			[ $k = patched ] && v=kernel+off+limit
			[ $k = nodefer ] && image=$BUILD/kbuild/nodefer-patched/arch/x86/boot/bzImage
			case $k in patch1|ablation|syncbatch) image=$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage ;; esac
			name=icount/${sfx#-}${sfx:+-}$b-$k-$boot
			ICOUNT=$SHIFT SMP=1 MEM=2G TIMEOUT=3600 "$TOP/scripts/boot.sh" \
				"$image" "$name" \
				"munmap:$b:$sizes:1:$REPS:$v" "kunit.enable=0"
			log=$LOGS/$name.log
			grep -q "^ok 1 munmap" "$log" ||
				die "$name: the boot did not pass; see $log"
			sed -n 's/.*# result variant=\([a-z]*\) .* size_mib=\([0-9]*\) .* rep=[0-9]* ms=\([0-9.]*\) .* return_ms=\([-0-9.]*\) .* thread_ms=\([0-9.]*\) busy_ms=\([0-9.]*\).*/\1 \2 \3 \4 \5 \6/p' "$log" |
				awk -v p="$day,$rev,$SHIFT,1,$boot,$k,$b" -v f="$FLAVOUR" '
					{ r[$1 $2]++; printf "%s,%s,%s,%d,%s,%s,%s,%s,%s\n", p, $2, $1, r[$1 $2], $3, $5, $6, $4, f }' >> "$csv"
			gzip -c "$log" > "$OUT/icount$sfx-logs/$b-$k-$boot.log.gz"
		done
	done
done
python3 "$TOP/scripts/icountreport.py" "$csv" > "$OUT/icount$sfx.md"
log "icount benchmark: $OUT/icount$sfx.md, $csv ($(( ($(date +%s) - start) / 60 )) min)"
