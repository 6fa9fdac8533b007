#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make stress: the stress matrix on the debug kernel (KASAN, lockdep,
# DEBUG_VM, kmemleak, fault injection), DURATION seconds in all (default
# 480), then a kmemleak scan. Writes results/stress.md.
# "stress.sh --tests SECONDS" only prints the scenario list, SECONDS per case.
. "$(dirname "$0")/lib.sh"

CASES="exits swapoff reset hotplug compact faults switch memcg"
tests() {
	local t= c
	for c in $CASES; do t+=${t:+,}stress:$c:$1; done
	echo "$t"
}
if [ "${1:-}" = --tests ]; then
	tests "${2:?usage: stress.sh --tests SECONDS}"
	exit 0
fi

DURATION=${DURATION:-480}
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "DURATION=$DURATION: a number of seconds"
n=$(wc -w <<<"$CASES")
per=$(( (DURATION + n - 1) / n ))
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" patched debug
"$TOP/scripts/initramfs.sh"
start=$(date +%s)
# KASAN under emulation is slow: allow each case many times its share.
MEM=${MEM:-3G} TIMEOUT=${TIMEOUT:-$(( DURATION * 6 + 900 ))} "$TOP/scripts/boot.sh" \
	"$BUILD/kbuild/debug-patched/arch/x86/boot/bzImage" stress "$(tests $per),kmemleak"
mkdir -p "$TOP/results"
"$TOP/scripts/stressreport.py" "$LOGS/stress.log" "$(head -1 "$BUILD/base-version")" \
	$(( $(date +%s) - start )) "$DURATION" > "$TOP/results/stress.md"
cat "$TOP/results/stress.md"
"$TOP/scripts/parselog.py" "$LOGS/stress.log" stress
