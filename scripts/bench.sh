#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: munmap latency of a swap-filled VMA, base vs patched kernel, in
# one run. Boots alternate between the two kernels (ROUNDS, default 2), each
# boot measures REPS/ROUNDS repetitions of mixed data and of the limit.
. "$(dirname "$0")/lib.sh"
BACKEND=${BACKEND:-zram} SIZE=${SIZE:-256} REPS=${REPS:-5} ROUNDS=${ROUNDS:-2}
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" base
"$TOP/scripts/kernel.sh" patched
"$TOP/scripts/initramfs.sh"
per=$(( (REPS + ROUNDS - 1) / ROUNDS ))
logs=()
for r in $(seq "$ROUNDS"); do
	for k in base patched; do
		name=bench-$k-$r
		MEM=${MEM:-3G} "$TOP/scripts/boot.sh" "$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage" \
			"$name" "munmap:$BACKEND:$SIZE:$per" "kunit.enable=0"
		"$TOP/scripts/parselog.py" "$LOGS/$name.log" "$name" | grep -v '^ok' || true
		logs+=("$k=$LOGS/$name.log")
	done
done
"$TOP/scripts/benchreport.py" "${logs[@]}"
