#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results/stress.md from a stress boot: stressreport.py LOG VERSION SECONDS DURATION

One row per scenario: iterations, outcome and the counters it printed
("# name: value" lines), then the splat and kmemleak verdicts.
"""
import datetime
import re
import subprocess
import sys


def main():
    log, version, seconds, duration = sys.argv[1:5]
    lines = open(log, errors="replace").read().splitlines()
    rows, cur = [], None
    for line in lines:
        m = re.match(r"# scenario (\S+)", line)
        if m:
            cur = {"name": m.group(1), "counters": [], "iters": "–", "ok": None}
            rows.append(cur)
            continue
        if cur is None:
            continue
        m = re.match(r"(not ok|ok) \d+ (\S+)$", line)
        if m and m.group(2) == cur["name"]:
            cur["ok"] = m.group(1) == "ok"
            cur = None
            continue
        m = re.match(r"\s+# (\w+): (\d+) iterations", line)
        if m:
            cur["iters"] = m.group(2)
            continue
        m = re.match(r"\s+# ([^:]+): (\d+)$", line)
        if m:
            cur["counters"].append(f"{m.group(1)} {m.group(2)}")
        m = re.match(r"\s+# kmemleak: (\d+) unreferenced", line)
        if m:
            cur["counters"].append(f"unreferenced objects {m.group(1)}")
    verdict = subprocess.run([sys.argv[0].replace("stressreport.py", "parselog.py"), log,
                              "stress"], capture_output=True, text=True).stdout
    splat = [v for v in verdict.splitlines() if v.endswith("no-splat") or "no-splat #" in v]
    out = [f"Stress run of {datetime.date.today()}: {version.replace('base: ', '')} with the "
           f"series, debug kernel (KASAN, lockdep, DEBUG_VM, DEBUG_LIST, debug objects, "
           f"kmemleak, fail_page_alloc), QEMU TCG, 2 vCPUs; DURATION={duration} s, "
           f"the boot took {int(seconds) // 60} min {int(seconds) % 60} s.",
           "", "| scenario | iterations | outcome | counters |", "|---|---|---|---|"]
    for r in rows:
        outcome = "pass" if r["ok"] else ("FAIL" if r["ok"] is False else "did not finish")
        out.append(f"| {r['name']} | {r['iters']} | {outcome} | {'; '.join(r['counters'])} |")
    out.append("")
    out.append("Kernel log: " + (splat[0].split(" ", 1)[0] == "ok" and "no splat (BUG, WARNING, "
               "Oops, KASAN, lockdep, hung task, kmemleak, Call Trace)." or
               "SPLAT: " + (splat[0] if splat else "not parsed")))
    print("\n".join(out))


if __name__ == "__main__":
    main()
