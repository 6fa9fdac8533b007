# SPDX-License-Identifier: GPL-2.0
# kmemleak: scan for leaks now (the debug kernel does not scan on its own)
# and fail on any unreferenced object. kmemleak turns itself off for good
# when it cannot track an allocation (its memory pool ran out under memory
# pressure); from then on it finds nothing, so that fails too.
f=/sys/kernel/debug/kmemleak
[ -w $f ] || { echo "# no $f: kernel without CONFIG_DEBUG_KMEMLEAK"; result 1; exit; }
# Objects must be unreferenced for two scans in a row to be reported.
if ! { echo scan > $f && sleep 6 && echo scan > $f; } 2>/dev/null; then
	echo "# kmemleak is off: it turned itself off (see the kernel log)"
	result 1
	exit
fi
n=$(grep -c '^unreferenced object' $f)
[ "$n" -eq 0 ] || head -60 $f
echo "# kmemleak: $n unreferenced objects"
result $((n != 0))
