#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: munmap of swapped-out memory on the base and the patched
# kernel (and the ablation kernel, if bench/variants has patches), booted
# alternately in one run; see the README. Writes results/bench.{md,csv}
# and results/munmap.png.
. "$(dirname "$0")/lib.sh"

BACKENDS=${BACKENDS:-zram zswap}
SIZES=${SIZES:-64 128 256 512 1024}
PROCS=${PROCS:-1 2 3}
REPS=${REPS:-5}
ROUNDS=${ROUNDS:-1}
if [ "${QUICK:-0}" = 1 ]; then
	SIZES=${QUICK_SIZES:-64 256}
	PROCS=${QUICK_PROCS:-1 3}
	REPS=${QUICK_REPS:-3}
fi
OUT=${OUT:-$TOP/results}
ensure_deps gnuplot-nox:gnuplot

start=$(date +%s)
"$TOP/scripts/tree.sh" >/dev/null
kernels="base patched"
"$TOP/scripts/kernel.sh" base
"$TOP/scripts/kernel.sh" patched
if ls "$TOP"/bench/variants/*.patch >/dev/null 2>&1; then
	"$TOP/scripts/variant.sh" ablation
	kernels="base patched ablation"
fi
"$TOP/scripts/initramfs.sh"

join() { echo "$*" | tr ' ' +; }
per=$(( (REPS + ROUNDS - 1) / ROUNDS ))
maxsize=0
for s in $SIZES; do [ "$s" -gt $maxsize ] && maxsize=$s; done
maxprocs=0
for p in $PROCS; do [ "$p" -gt $maxprocs ] && maxprocs=$p; done
# Room for every process's memory before it is paged out, plus the system.
mem=$(( maxsize * maxprocs + 1536 ))M

logs=()
for r in $(seq "$ROUNDS"); do
	for k in $kernels; do
		# the kill path and swap-in on base and patched; the deferred
		# free's buffer pages (peak and idle) on patched
		case $k in
		base) variants=kernel+kill+swapin ;;
		patched) variants=kernel+off+limit+kill+swapin+peak ;;
		*) variants=kernel ;;
		esac
		tests=
		for b in $BACKENDS; do
			tests+=${tests:+,}munmap:$b:$(join $SIZES):$(join $PROCS):$per:$variants
			# cost attribution, before and after
			[ "$k" = ablation ] || [ "$r" != 1 ] || tests+=,profile:$b:${PROFILE_MIB:-64}:3
		done
		image=$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage
		MEM=${MEM:-$mem} TIMEOUT=${TIMEOUT:-14400} "$TOP/scripts/boot.sh" "$image" \
			"bench-$k-$r" "$tests" "kunit.enable=0"
		"$TOP/scripts/parselog.py" "$LOGS/bench-$k-$r.log" "bench-$k-$r" ||
			die "the $k kernel's benchmark boot failed (see $LOGS/bench-$k-$r.log)"
		logs+=("$k=$LOGS/bench-$k-$r.log")
	done
done
mkdir -p "$OUT"
"$TOP/scripts/benchreport.py" --out "$OUT" --seconds $(( $(date +%s) - start )) \
	--version "$(head -1 "$BUILD/base-version")" "${logs[@]}"
