#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make pressure: kill-then-allocate in a memory cgroup on zswap (guest/killalloc.c),
# the base kernel against the patched one with deferral on and off, each
# kernel booted with 2 and with 1 vCPU (PRESSURE_SMP, default "2 1"),
# PRESSURE_REPS repetitions of each variant (default 9; the patched
# kernel's on and off take turns, the order turned round every
# repetition). Defaults are the scenario of the series' pressure rules: 3
# processes of 96 MiB in a cgroup with memory.max 160M and
# memory.zswap.writeback 0, killed at once, then 135 MiB allocated.
# Then global pressure on zram (PRESSURE_GLOBAL, default 3:200:350, in a
# guest of PRESSURE_MEM, default 512M, with zram as its only swap): 3
# processes of 200 MiB killed at once, then 350 MiB allocated.
# Writes results/pressure.{csv,md}; every repetition is kept in the CSV,
# and the guests' logs, compressed, in results/pressure-logs/.
. "$(dirname "$0")/lib.sh"

REPS=${PRESSURE_REPS:-9}
SMPS=${PRESSURE_SMP:-2 1}
CASE=${PRESSURE_CASE:-3:96:135:160}
GLOBAL=${PRESSURE_GLOBAL:-3:200:350}
GMEM=${PRESSURE_MEM:-512M}
OUT=${OUT:-$TOP/results}
case $REPS in ''|*[!0-9]*|0) die "PRESSURE_REPS=$REPS: a positive number" ;; esac
for s in $SMPS; do
	case $s in 1|2) ;; *) die "PRESSURE_SMP=\"$SMPS\": 1 and/or 2" ;; esac
done
[[ $CASE =~ ^[0-9]+:[0-9]+:[0-9]+:[0-9]+$ ]] ||
	die "PRESSURE_CASE=$CASE: victims:MiB:alloc_MiB:max_MiB"
[[ $GLOBAL =~ ^[0-9]+:[0-9]+:[0-9]+$ ]] ||
	die "PRESSURE_GLOBAL=$GLOBAL: victims:MiB:alloc_MiB"
[[ $GMEM =~ ^[0-9]+[MG]$ ]] || die "PRESSURE_MEM=$GMEM: a size such as 512M"

start=$(date +%s)
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" base guest
"$TOP/scripts/kernel.sh" patched guest
"$TOP/scripts/initramfs.sh"
mkdir -p "$LOGS/pressure"
logs=()
for smp in $SMPS; do
	for k in base patched; do
		name=pressure-$k-smp$smp
		# the memory cgroup case in a 2G guest, then global
		# pressure in a small one
		SMP=$smp TIMEOUT=${TIMEOUT:-3600} "$TOP/scripts/boot.sh" \
			"$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage" "$name" \
			"killalloc:$CASE:$REPS" "kunit.enable=0"
		SMP=$smp MEM=$GMEM TIMEOUT=${TIMEOUT:-3600} "$TOP/scripts/boot.sh" \
			"$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage" "$name-global" \
			"killalloc:global:$GLOBAL:$REPS" "kunit.enable=0"
		cat "$LOGS/$name-global.log" >> "$LOGS/$name.log"
		"$TOP/scripts/parselog.py" "$LOGS/$name.log" "$name" >/dev/null ||
			log "the $k kernel's boot had failures (see $LOGS/$name.log); kept in the report"
		cp "$LOGS/$name.log" "$LOGS/pressure/"
		mkdir -p "$OUT/pressure-logs"
		gzip -c "$LOGS/$name.log" > "$OUT/pressure-logs/$name.log.gz"
		logs+=("$k:$smp=$LOGS/pressure/$name.log")
	done
done
log "pressure: $(( ($(date +%s) - start) / 60 )) min"
rev=$(git -C "$TREE" rev-parse --short 'HEAD^{tree}')
"$TOP/scripts/pressurereport.py" --out "$OUT" --date "$(date -u +%F)" \
	--version "$(head -1 "$BUILD/base-version")" --revision "$rev" "${logs[@]}"
