#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: everything a change to the series must pass. Ends with
# "N passed, N failed" and exits non-zero if anything failed.
. "$(dirname "$0")/lib.sh"
set +e
mkdir -p "$LOGS"
results=$LOGS/check.results
: > "$results"
t0=$(date +%s)

# record ok|fail NAME [why]
record() {
	local st=$1 name=$2 why=${3:-}
	if [ "$st" = ok ]; then
		echo "ok $name" | tee -a "$results"
	else
		echo "not ok $name${why:+ # $why}" | tee -a "$results"
	fi
}

# guest_results LOG NAME: show the guest's TAP from build/logs/LOG.log and
# record its results, prefixed with NAME
guest_results() {
	sed -n '/^TAP version/,/guest: end of tests/p' "$LOGS/$1.log" | grep -v '^\[' | sed 's/^/    /'
	"$TOP/scripts/parselog.py" "$LOGS/$1.log" "$2" | while read -r line; do
		case $line in
		"ok "*) record ok "${line#ok }" ;;
		*) record fail "${line#not ok }" ;;
		esac
	done
}

summary() {
	local pass fail
	pass=$(grep -c '^ok ' "$results")
	fail=$(grep -c '^not ok ' "$results")
	echo "check: $(( $(date +%s) - t0 ))s, logs in $LOGS"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# 1. The series applies on the base with git am.
if "$TOP/scripts/tree.sh" >"$LOGS/tree.log" 2>&1; then
	record ok series-applies
	sed -n 's/^base: /# base: /p' "$LOGS/tree.log"
else
	tail -5 "$LOGS/tree.log"
	record fail series-applies "$(grep '^error:' "$LOGS/tree.log" | tail -1)"
	summary
fi

# The benchmark's variant patches still apply where scripts/variant.sh
# applies them (the ablation on the base and the series' first patch, the
# synchronous batch free on the whole series): checked in a scratch index,
# without touching a work tree.
for v in ablation syncbatch; do
	if ! ls "$TOP"/bench/variants/$v/*.patch >/dev/null 2>&1; then
		record fail bench-variants-apply:$v "no bench/variants/$v/*.patch"
		continue
	fi
	idx=$BUILD/variants.index
	case $v in
	ablation) on=$(git -C "$TREE" rev-list --reverse base..HEAD | head -1)
		what="the base and patch 1" ;;
	*) on=HEAD what="the series" ;;
	esac
	if out=$(GIT_INDEX_FILE=$idx git -C "$TREE" read-tree "$on" 2>&1 &&
		GIT_INDEX_FILE=$idx git -C "$TREE" apply --cached --check \
			"$TOP"/bench/variants/$v/*.patch 2>&1); then
		record ok bench-variants-apply:$v
	else
		echo "$out" | head -5 | sed 's/^/    /'
		record fail bench-variants-apply:$v "bench/variants/$v/ no longer applies on $what"
	fi
	rm -f "$idx"
done

# 2. checkpatch --strict on every patch: 0 errors, warnings and checks.
for p in $(series_patches); do
	# From stdin: checkpatch checks a file git tracks as a source file, not a patch.
	out=$("$TREE/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types - <"$p" 2>&1)
	e=$(grep -c '^ERROR:' <<<"$out") w=$(grep -c '^WARNING:' <<<"$out") c=$(grep -c '^CHECK:' <<<"$out")
	if [ $((e + w + c)) -eq 0 ]; then
		record ok "checkpatch/$(basename "$p") (0 errors, 0 warnings, 0 checks)"
	else
		echo "$out" | head -30 | sed 's/^/    /'
		record fail "checkpatch/$(basename "$p")" "$e errors, $w warnings, $c checks"
	fi
done

# 3. The patched debug kernel builds (KASAN, lockdep, DEBUG_VM, kmemleak, ...).
flavour=${CHECK_FLAVOUR:-debug}
if "$TOP/scripts/kernel.sh" patched "$flavour" >"$LOGS/kernel-patched.log" 2>&1; then
	record ok "kernel-builds ($flavour)"
else
	tail -20 "$LOGS/kernel-patched.log"
	record fail "kernel-builds ($flavour)" "see $LOGS/kernel-patched.log"
	summary
fi

# 4. Posting checks: bisectable, W=1 and sparse, kernel-doc, other configs.
if [ "${POSTING:-1}" = 1 ]; then
	"$TOP/scripts/posting.sh" 2>"$LOGS/posting.err" | while IFS= read -r line; do
		case $line in
		"ok "*) record ok "posting/${line#ok }" ;;
		"not ok "*) line=${line#not ok }; record fail "posting/${line%% # *}" "${line#* # }" ;;
		*) echo "$line" ;;
		esac
	done
fi

# 5. In the guest: KUnit at boot, integrity round trips on zram and zswap,
# the short stress matrix, the 6.12 selftests that touch the changed code
# (zram, cgroup/test_zswap, mm/cow), and kmemleak scans: one after the
# stress cases, so that their verdict stands even if the selftests' memory
# pressure turns kmemleak off, and one at the end.
if ! "$TOP/scripts/initramfs.sh" >"$LOGS/initramfs.log" 2>&1; then
	tail -20 "$LOGS/initramfs.log"
	record fail initramfs "see $LOGS/initramfs.log"
	summary
fi
# STRESS: seconds per stress case (default 8; 0 skips them)
tests=integrity:zram:64,integrity:zswap:64,memlimit,memlimit:2,killalloc:3:48:67:80,killalloc:zswapmax
[ "${STRESS:-8}" != 0 ] && tests+=,$("$TOP/scripts/stress.sh" --tests "${STRESS:-8}")
[ "$flavour" = debug ] && tests+=,kmemleak:stress
tests+=,$("$TOP/scripts/stress.sh" --regress)
[ "$flavour" = debug ] && tests+=,kmemleak
MEM=${MEM:-3G} TIMEOUT=${TIMEOUT:-1800} "$TOP/scripts/boot.sh" \
	"$BUILD/kbuild/$flavour-patched/arch/x86/boot/bzImage" check "$tests" "expect_deferred=1"
guest_results check guest

summary
