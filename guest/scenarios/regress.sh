# SPDX-License-Identifier: GPL-2.0
# regress:SUITE: a 6.12 selftest that touches the code the series changes,
# built from build/linux and run unchanged:
#   zram   tools/testing/selftests/zram (zram01: ext2 on zram; zram02: swap)
#   zswap  tools/testing/selftests/cgroup/test_zswap (zswap on the virtio disk)
#   cow    tools/testing/selftests/mm/cow (its swap cases use MADV_PAGEOUT;
#          on zswap)
# Passes when the suite exits 0 and reports no failure. Prints the suite's
# totals and the frees it caused to be deferred, which show the series'
# path ran.
suite=${1#regress:}

# run_suite CMD...: run, keep the output, count its TAP results
run_suite() {
	"$@" > /tmp/regress.out 2>&1
	rc=$?
	# A child forked with unflushed stdio repeats its parent's lines when it
	# exits; count each result line once.
	awk '!(/^(not )?ok / && seen[$0]++)' /tmp/regress.out > /tmp/regress.tap
	mv /tmp/regress.tap /tmp/regress.out
	cat /tmp/regress.out
	tap_totals /tmp/regress.out
	echo "# exit status: $rc"
	known_only /tmp/regress.out || return 1
	# every planned test reported (a suite that died half-way has not)
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /tmp/regress.out | head -1)
	if [ -n "$plan" ] && [ "$(grep -cE '^(not )?ok ' /tmp/regress.out)" != "$plan" ]; then
		echo "# $plan tests planned, not all reported"
		return 1
	fi
	# 0, or kselftest's "some failed" (1) with only known failures; a
	# signal or any other status fails
	[ $rc = 0 ] || { [ $rc = 1 ] && grep -q '^not ok ' /tmp/regress.out; }
}

# known_only FILE: every failed test of FILE is one that fails on the 6.12
# base kernel in this guest too (/selftests/known-failures: "SUITE NAME",
# from config/regress-known), or, on the debug kernel (it has kmemleak),
# one listed as "debug: SUITE NAME". Such a failure is reported, not counted.
known_only() {
	local name bad=0 debug=
	[ -e /sys/kernel/debug/kmemleak ] && debug=1
	grep '^not ok ' "$1" | sed 's/^not ok [0-9]* //' > /tmp/regress.failed
	while IFS= read -r name; do
		if grep -qxF "$suite $name" /selftests/known-failures; then
			echo "# known failure (fails on the base kernel too): $name"
		elif [ -n "$debug" ] &&
		     grep -qxF "debug: $suite $name" /selftests/known-failures; then
			echo "# known failure on the debug kernel (timing): $name"
		else
			echo "# REGRESSION: $name"
			bad=1
		fi
	done < /tmp/regress.failed
	return $bad
}

# tap_totals FILE: the counts stressreport.py tabulates
tap_totals() {
	local ok skip
	ok=$(grep -c '^ok ' "$1")
	skip=$(grep '^ok ' "$1" | grep -c '# SKIP')
	echo "# tests passed: $((ok - skip))"
	echo "# tests failed: $(grep -c '^not ok ' "$1")"
	echo "# tests skipped: $skip"
}

# frees_deferred BACKEND: the backend's deferred-free count (0 on a kernel
# without the series)
frees_deferred() {
	deferred_sum "$1" deferred
}

# on_zswap PROGRAM: run the suite with zswap on, then check that the
# deferred frees it caused were all carried out
on_zswap() {
	local rc before
	zswap_on || { result 1; return; }
	before=$(frees_deferred zswap)
	run_suite "$1"
	rc=$?
	echo "# frees deferred: $(($(frees_deferred zswap) - before))"
	deferred_stats zswap || rc=1
	zswap_off
	result $rc
}

case $suite in
zram)
	# The scripts want mkfs.ext2 (busybox calls it mke2fs) and a writable
	# working directory; zram is built in, so they hot_add their devices.
	# A zram device has 4 KiB logical blocks, which e2fsprogs' mkfs
	# follows and busybox's does not: ask for 4 KiB blocks.
	printf '#!/bin/sh\nexec mke2fs -b 4096 "$@"\n' > /bin/mkfs.ext2
	chmod +x /bin/mkfs.ext2
	rm -rf /tmp/zram-selftest
	cp -r /selftests/zram /tmp/zram-selftest
	cd /tmp/zram-selftest || { result 1; exit; }
	ok=1
	: > /tmp/regress.tap
	for t in zram01 zram02; do
		# zram01 appends to a file until its device is full: if the file
		# system is missing, that file would fill the guest's memory.
		timeout 600 sh ./$t.sh > /tmp/regress.out 2>&1
		rc=$?
		cat /tmp/regress.out
		# the scripts report some failures only as a "FAIL" line
		if [ $rc = 0 ] && ! grep -q FAIL /tmp/regress.out &&
		   grep -q "$t : \[PASS\]" /tmp/regress.out; then
			echo "ok - $t" | tee -a /tmp/regress.tap
		else
			echo "not ok - $t (exit $rc)" | tee -a /tmp/regress.tap
			ok=0
		fi
	done
	cd /
	tap_totals /tmp/regress.tap
	result $((ok == 0))
	;;
zswap)
	# test_zswap assumes zswap's shrinker off, its default
	echo "# zswap shrinker_enabled: $(cat /sys/module/zswap/parameters/shrinker_enabled)"
	mkdir -p /sys/fs/cgroup
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts ||
		mount -t cgroup2 none /sys/fs/cgroup
	on_zswap test_zswap
	;;
cow)
	# zswap, not zram: cow fills its pages with one byte value, which zram
	# keeps as same-filled slots without zsmalloc; zswap stores them.
	on_zswap cow
	;;
*)
	echo "# regress: unknown suite '$suite' (zram, zswap, cow)"
	result 1
	;;
esac
