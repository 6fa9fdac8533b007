#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a guest console log into test results.

usage: parselog.py LOG NAME

Prints one "ok"/"not ok" line per result, prefixed by NAME:
  - every top-level TAP line the guest's init printed (a scenario);
  - every KUnit test case the kernel printed at boot;
  - "end": the guest reported the end of its tests (no timeout, no panic);
  - "no-splat": the log has no kernel splat (BUG, WARNING, Oops, KASAN,
    lockdep, hung task, a kmemleak leak or kmemleak turning itself
    off, Call Trace, ...).
Exit status 1 if anything failed.
"""
import re
import sys

SPLAT = re.compile(
    r"BUG:|WARNING:|Oops|Kernel panic|KASAN:|UBSAN:|possible circular locking|"
    r"inconsistent lock state|possible recursive locking|INFO: task .* blocked|"
    r"kmemleak: .* new suspected|kmemleak: Kernel memory leak detector disabled|"
    r"Call Trace:|general protection fault|"
    r"list_(add|del) corruption|suspicious RCU usage|"
    r"fullness group \d+ is not empty|Slab cache still has objects")
TS = r"^\[\s*\d+\.\d+\] "
KUNIT_CASE = re.compile(TS + r"(\s+)(not ok|ok) \d+ (\S.*?)(\s+# SKIP.*)?$")
KUNIT_SUITE = re.compile(TS + r"(not ok|ok) \d+ (\S+)")
TAP = re.compile(r"^(not ok|ok) \d+ (\S+)")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: parselog.py LOG NAME")
    path, name = sys.argv[1:]
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as e:
        sys.exit(f"parselog: {e}")
    results = []
    splats = []
    end = False
    for line in lines:
        line = line.rstrip("\r")
        m = KUNIT_CASE.match(line)
        if m:
            results.append((m.group(2) == "ok", f"kunit:{m.group(3)}",
                            "skipped" if m.group(4) else ""))
            continue
        m = KUNIT_SUITE.match(line)
        if m:
            results.append((m.group(1) == "ok", f"kunit-suite:{m.group(2)}", ""))
            continue
        m = TAP.match(line)
        if m:
            results.append((m.group(1) == "ok", m.group(2), ""))
            continue
        if "guest: end of tests" in line:
            end = True
        if SPLAT.search(line):
            splats.append(line.strip())
    results.append((end, "end", "" if end else "the guest never reported the end of its tests"))
    results.append((not splats, "no-splat", "; ".join(splats[:3])))
    failed = 0
    for ok, what, why in results:
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {name}/{what}{' # ' + why if why else ''}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
