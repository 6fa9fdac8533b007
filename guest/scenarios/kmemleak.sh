# SPDX-License-Identifier: GPL-2.0
# kmemleak: scan for leaks now (the debug kernel does not scan on its own)
# and fail on any unreferenced object. Run it last.
f=/sys/kernel/debug/kmemleak
[ -w $f ] || { echo "# no $f: kernel without CONFIG_DEBUG_KMEMLEAK"; result 1; exit; }
# Objects must be unreferenced for two scans in a row to be reported.
echo scan > $f
sleep 6
echo scan > $f
n=$(grep -c '^unreferenced object' $f)
[ "$n" -eq 0 ] || head -60 $f
echo "# kmemleak: $n unreferenced objects"
result $((n != 0))
