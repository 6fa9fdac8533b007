#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results/stress.md from a stress boot:
stressreport.py LOG VERSION SECONDS DURATION [BASE_LOG PATCHED_LOG]

One row per scenario: iterations, outcome and the counters it printed
("# name: value" lines), then the splat and kmemleak verdicts. With
BASE_LOG and PATCHED_LOG (the regression selftests on the base and the
patched non-debug kernel), a table that compares each selftest suite on
them and on the debug kernel of LOG.
"""
import datetime
import re
import subprocess
import sys


def regress(log):
    """{suite: (passed, failed, skipped, set of failed test names)}"""
    out, cur = {}, None
    try:
        lines = open(log, errors="replace").read().splitlines()
    except OSError:
        return out
    for line in lines:
        m = re.match(r"# scenario regress:(\S+)", line)
        if m:
            cur = m.group(1)
            out[cur] = [0, 0, 0, set()]
            continue
        if cur is None:
            continue
        if re.match(r"(not ok|ok) \d+ ", line):
            cur = None
            continue
        m = re.match(r"\s+# tests (passed|failed|skipped): (\d+)$", line)
        if m:
            out[cur][["passed", "failed", "skipped"].index(m.group(1))] = int(m.group(2))
            continue
        m = re.match(r"\s+not ok (?:\d+|-) (.*)$", line)
        if m:
            out[cur][3].add(m.group(1).strip())
    return out


def compare(base_log, patched_log, debug_log):
    base, patched, debug = regress(base_log), regress(patched_log), regress(debug_log)
    out = ["", "Regression selftests (6.12's own, built from the tree, run unchanged) on the "
           "base and the patched kernel built from the same non-debug config, and on the "
           "patched debug kernel (KASAN, lockdep: slower, so timing-dependent tests can "
           "behave differently there). A test of the suite counts as a regression when it "
           "fails on the patched kernel and not on the base.", "",
           "| suite | base: passed / failed / skipped | patched | patched, debug "
           "| fail on base and patched | fail only with the series | fail only on debug |",
           "|---|---|---|---|---|---|---|"]

    def cell(r):
        return " / ".join(map(str, r[:3])) if r else "not run"

    def names(x):
        return ", ".join(sorted(x)) or "none"
    for suite in sorted(set(base) | set(patched) | set(debug)):
        b, p, d = base.get(suite), patched.get(suite), debug.get(suite)
        bf, pf, df = (r[3] if r else set() for r in (b, p, d))
        out.append(f"| {suite} | {cell(b)} | {cell(p)} | {cell(d)} | {names(bf & pf)} | "
                   f"{names(pf - bf) if b and p else 'not compared'} | "
                   f"{names(df - pf - bf)} |")
    return out


def main():
    log, version, seconds, duration = sys.argv[1:5]
    base_log, patched_log = (sys.argv[5:7] + [None, None])[:2]
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
    if base_log and patched_log:
        out += compare(base_log, patched_log, log)
    print("\n".join(out))


if __name__ == "__main__":
    main()
