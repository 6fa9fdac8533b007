#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench MODE=wall: munmap of swapped-out memory on the base and the patched
# kernel (and the ablation kernel, if bench/variants/ablation has patches); see the
# README. One boot per kernel and size, the kernels in turn for each size,
# so that what is compared was measured minutes apart. Writes
# results/bench.{md,csv}, every repetition to results/bench-reps.csv, and
# results/munmap.png.
#
# Every boot's log is kept under build/logs/bench/, named by a hash of the
# kernel's source and config, the guest's scripts and what the boot runs;
# RESUME=1 reuses the complete ones, so that a run that was stopped goes on
# where it was.
. "$(dirname "$0")/lib.sh"

BACKENDS=${BACKENDS:-zram zswap}
# QUICK=1 is a preset: whatever is given explicitly wins over it.
if [ "${QUICK:-0}" = 1 ]; then
	SIZES=${SIZES:-64 256}
	PROCS=${PROCS:-1 3}
	EXTRAS=${EXTRAS-}
	PROFILE=${PROFILE:-0}
	ABLATION=${ABLATION:-0}
fi
SIZES=${SIZES:-64 128 256 512 1024}
PROCS=${PROCS:-1 2 3}
# 9 repetitions at least, for the bootstrap intervals of the report
REPS=${REPS:-9}
ROUNDS=${ROUNDS:-1}
# the function-profiler cost attribution and the ablation kernel (default
# on; QUICK=1 leaves them out)
PROFILE=${PROFILE:-1} ABLATION=${ABLATION:-1}
case $PROFILE$ABLATION in
00|01|10|11) ;;
*) die "PROFILE=$PROFILE ABLATION=$ABLATION: each must be 0 or 1" ;;
esac
# measured on base and patched with the fewest processes: the kill path
# and swap-in ("kill swapin", the default; QUICK=1 leaves them out)
EXTRAS=${EXTRAS-kill swapin}
for e in $EXTRAS; do
	case $e in kill|swapin) ;; *) die "EXTRAS=\"$EXTRAS\": only kill and swapin" ;; esac
done
OUT=${OUT:-$TOP/results}
ensure_deps gnuplot-nox:gnuplot

start=$(date +%s)
"$TOP/scripts/tree.sh" >/dev/null
kernels="base patched"
"$TOP/scripts/kernel.sh" base guest
"$TOP/scripts/kernel.sh" patched guest
if [ "$ABLATION" = 1 ] && ls "$TOP"/bench/variants/ablation/*.patch >/dev/null 2>&1; then
	"$TOP/scripts/variant.sh" ablation
	kernels="base patched ablation"
fi
"$TOP/scripts/initramfs.sh"

join() { echo "$*" | tr ' ' +; }
sorted() { printf '%s\n' "$@" | sort -n | xargs; }
# shellcheck disable=SC2086 # lists of words
SIZES=$(sorted $SIZES) PROCS=$(sorted $PROCS)
per=$(( (REPS + ROUNDS - 1) / ROUNDS ))
minsize=${SIZES%% *} maxsize=${SIZES##* } one=${PROCS%% *} maxprocs=${PROCS##* }
# what the guest runs (the initramfs itself differs in time stamps)
guest_sum=$(cat "$TOP"/guest/init "$TOP"/guest/scenarios/*.sh \
	"$TREE/tools/testing/selftests/mm/zsmalloc_munmap.c" | sha1sum | cut -c1-40)

# src_id KERNEL: the kernel's source tree and config (a rebuild of the
# same source gives another image: build number and time stamp)
src_id() {
	local src
	case $1 in
	base) src=$BASE_TREE ;;
	patched) src=$TREE ;;
	*) src=$BUILD/linux-$1 ;;
	esac
	git -C "$src" rev-parse 'HEAD^{tree}'
	sha1sum < "$BUILD/kbuild/guest-$1/.config"
}

# tests KERNEL SIZE ROUND: what one boot runs. base with the limit, and on
# patched the kernel, the run-time switch off and the limit in turn, run
# every process count (the limit in every boot: a control for the host's
# drift between boots); EXTRAS and the ablation kernel run with the fewest processes; the
# peak of buffer pages is sampled at the largest size; the cost attribution
# (PROFILE=1) runs in the first boot of base and patched.
tests() {
	local k=$1 s=$2 r=$3 b t="" x e
	x=$(join "$EXTRAS")
	for b in $BACKENDS; do
		case $k in
		base)
			t+=,munmap:$b:$s:$(join "$PROCS"):$per:kernel+limit
			[ -z "$x" ] || t+=,munmap:$b:$s:$one:$per:$x ;;
		patched)
			t+=,munmap:$b:$s:$(join "$PROCS"):$per:kernel+off+limit
			e=$x
			[ "$s" = "$maxsize" ] && [ "$r" = 1 ] && e+=${e:++}peak
			[ -z "$e" ] || t+=,munmap:$b:$s:$one:$per:$e ;;
		*)
			t+=,munmap:$b:$s:$one:$per:kernel+limit ;;
		esac
		case $PROFILE$k in 1base|1patched)
			[ "$s" = "$minsize" ] && [ "$r" = 1 ] &&
				t+=,profile:$b:${PROFILE_MIB:-64}:3 ;;
		esac
	done
	echo "${t#,}"
}

mkdir -p "$LOGS/bench"
logs=() boots=0 reused=0 secs=0
for s in $SIZES; do
	# Room for every process's memory before it is paged out, plus the system.
	mem=$(( s * maxprocs + 1536 ))M
	for r in $(seq "$ROUNDS"); do
		for k in $kernels; do
			image=$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage
			t=$(tests "$k" "$s" "$r")
			key=$( (src_id "$k"; echo "$guest_sum $t $mem $r") | sha1sum | cut -c1-16)
			kept=$LOGS/bench/$k-$s-$r-$key.log
			boots=$((boots + 1))
			if [ "${RESUME:-0}" = 1 ] && [ -f "$kept" ] && [ -f "$kept.secs" ]; then
				log "reusing $kept"
				reused=$((reused + 1))
			else
				b0=$(date +%s)
				MEM=${MEM:-$mem} TIMEOUT=${TIMEOUT:-14400} "$TOP/scripts/boot.sh" \
					"$image" "bench-$k-$s-$r" "$t" "kunit.enable=0"
				"$TOP/scripts/parselog.py" "$LOGS/bench-$k-$s-$r.log" "bench-$k-$s-$r" ||
					die "the $k kernel's benchmark boot failed (see $LOGS/bench-$k-$s-$r.log)"
				cp "$LOGS/bench-$k-$s-$r.log" "$kept"
				echo $(( $(date +%s) - b0 )) > "$kept.secs"
			fi
			secs=$((secs + $(cat "$kept.secs")))
			logs+=("$k=$kept")
		done
	done
done
log "$boots boots ($reused reused), $((secs / 60)) min in the guests, $(( ($(date +%s) - start) / 60 )) min for this run"
# the days the boots ran on
days=$(for l in "${logs[@]}"; do date -u -r "${l#*=}" +%F; done | sort -u)
first=$(echo "$days" | head -1) last=$(echo "$days" | tail -1)
[ "$first" = "$last" ] || first="$first to $last"
mkdir -p "$OUT"
"$TOP/scripts/benchreport.py" --out "$OUT" --seconds "$secs" --date "$first" \
	--version "$(head -1 "$BUILD/base-version")" "${logs[@]}"
