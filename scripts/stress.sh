#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make stress: the stress matrix on the debug kernel (KASAN, lockdep,
# DEBUG_VM, kmemleak, fault injection), DURATION seconds in all (default
# 480), a kmemleak scan, the regression selftests, a kmemleak scan again;
# before that, the same selftests on the base and the patched non-debug
# kernel, to compare.
# Writes results/stress.md.
# "stress.sh --tests SECONDS" only prints the scenario list, SECONDS per case.
. "$(dirname "$0")/lib.sh"

CASES="exits swapoff reset hotplug compact faults switch memcg"
REGRESS=regress:zswap,regress:cow,regress:zram
tests() {
	local t= c
	for c in $CASES; do t+=${t:+,}stress:$c:$1; done
	echo "$t"
}
if [ "${1:-}" = --tests ]; then
	tests "${2:?usage: stress.sh --tests SECONDS}"
	exit 0
elif [ "${1:-}" = --regress ]; then
	echo "$REGRESS"
	exit 0
fi

DURATION=${DURATION:-480}
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "DURATION=$DURATION: a number of seconds"
n=$(wc -w <<<"$CASES")
per=$(( (DURATION + n - 1) / n ))
"$TOP/scripts/tree.sh" >/dev/null
"$TOP/scripts/kernel.sh" patched debug
"$TOP/scripts/kernel.sh" base guest
"$TOP/scripts/kernel.sh" patched guest
"$TOP/scripts/initramfs.sh"
# The regression selftests on the base and the patched kernel built from
# the same (non-debug) config: like against like, for the comparison.
for k in base patched; do
	extra=
	[ $k = patched ] && extra=expect_deferred=1
	MEM=${MEM:-3G} TIMEOUT=1800 "$TOP/scripts/boot.sh" \
		"$BUILD/kbuild/guest-$k/arch/x86/boot/bzImage" stress-$k "$REGRESS" $extra
done
start=$(date +%s)
# KASAN under emulation is slow: allow each case many times its share.
MEM=${MEM:-3G} TIMEOUT=${TIMEOUT:-$(( DURATION * 6 + 900 ))} "$TOP/scripts/boot.sh" \
	"$BUILD/kbuild/debug-patched/arch/x86/boot/bzImage" stress "$(tests $per),kmemleak:stress,$REGRESS,kmemleak"
mkdir -p "$TOP/results"
"$TOP/scripts/stressreport.py" "$LOGS/stress.log" "$(head -1 "$BUILD/base-version")" \
	$(( $(date +%s) - start )) "$DURATION" "$LOGS/stress-base.log" "$LOGS/stress-patched.log" \
	> "$TOP/results/stress.md"
cat "$TOP/results/stress.md"
rc=0
"$TOP/scripts/parselog.py" "$LOGS/stress-patched.log" stress-patched || rc=1
"$TOP/scripts/parselog.py" "$LOGS/stress.log" stress || rc=1
exit $rc
