#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make pressure: kill-then-allocate in a memory cgroup on zswap (guest/killalloc.c),
# the base kernel against the patched one with deferral on and off, each
# kernel booted with 2 and with 1 vCPU (PRESSURE_SMP, default "2 1"),
# PRESSURE_REPS repetitions of each variant (default 5; the patched
# kernel's on and off take turns, the order turned round every
# repetition). Defaults are the scenario of the series' pressure rules: 3
# processes of 96 MiB in a cgroup with memory.max 160M and
# memory.zswap.writeback 0, killed at once, then 135 MiB allocated.
# Writes results/pressure.{csv,md}; every repetition is kept in the CSV.
. "$(dirname "$0")/lib.sh"

REPS=${PRESSURE_REPS:-5}
SMPS=${PRESSURE_SMP:-2 1}
CASE=${PRESSURE_CASE:-3:96:135:160}
OUT=${OUT:-$TOP/results}
case $REPS in ''|*[!0-9]*|0) die "PRESSURE_REPS=$REPS: a positive number" ;; esac
for s in $SMPS; do
	case $s in 1|2) ;; *) die "PRESSURE_SMP=\"$SMPS\": 1 and/or 2" ;; esac
done
[[ $CASE =~ ^[0-9]+:[0-9]+:[0-9]+:[0-9]+$ ]] ||
	die "PRESSURE_CASE=$CASE: victims:MiB:alloc_MiB:max_MiB"

start=$(date +%s)
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" base
"$TOP/scripts/kernel.sh" patched
"$TOP/scripts/initramfs.sh"
mkdir -p "$LOGS/pressure"
logs=()
for smp in $SMPS; do
	for k in base patched; do
		name=pressure-$k-smp$smp
		SMP=$smp TIMEOUT=${TIMEOUT:-3600} "$TOP/scripts/boot.sh" \
			"$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage" "$name" \
			"killalloc:$CASE:$REPS" "kunit.enable=0"
		"$TOP/scripts/parselog.py" "$LOGS/$name.log" "$name" >/dev/null ||
			log "the $k kernel's boot had failures (see $LOGS/$name.log); kept in the report"
		cp "$LOGS/$name.log" "$LOGS/pressure/"
		logs+=("$k:$smp=$LOGS/pressure/$name.log")
	done
done
log "pressure: $(( ($(date +%s) - start) / 60 )) min"
rev=$(git -C "$TREE" rev-parse --short 'HEAD^{tree}')
"$TOP/scripts/pressurereport.py" --out "$OUT" --date "$(date -u +%F)" \
	--version "$(head -1 "$BUILD/base-version")" --revision "$rev" "${logs[@]}"
