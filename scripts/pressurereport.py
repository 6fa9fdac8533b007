#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Report of make pressure (guest/killalloc.c), from the guests' logs or
from the CSV it writes.

usage: pressurereport.py --out DIR [--date D --version V --revision R]
                         KERNEL:SMP=LOG ...
       pressurereport.py --out DIR --from-csv results/pressure.csv

Writes DIR/pressure.csv (every repetition) and DIR/pressure.md: per case
(a memory cgroup on zswap; global pressure on zram), vCPUs and variant,
the median and range of each measure, and ratios of medians with a 95 %
bootstrap interval, within one boot and against the base's boot.
"""
import argparse
import csv
import os
import re
import sys

from stats import med, ratio_ci

RESULT = re.compile(r"# result (killalloc|killalloc-global) (.*)$")
FIELDS = ["date", "version", "revision", "mode", "kernel", "smp", "variant",
          "rep", "victims", "mib", "alloc_mib", "kill_ms", "charge_bytes",
          "current_bytes", "pool_before", "pool_after_kill",
          "pending_after_kill", "alloc_ms", "kill_to_alloc_ms", "oom_kill",
          "alloc_ok"]
MEASURES = {
    "cgroup": [("kill_ms", "kill to last waitpid (ms)", 1),
               ("charge_bytes", "zswap charge left (KiB)", 1024),
               ("alloc_ms", "last waitpid to allocated (ms)", 1),
               ("kill_to_alloc_ms", "kill to allocated (ms)", 1)],
    "global": [("kill_ms", "kill to last waitpid (ms)", 1),
               ("pool_after_kill", "zram pool at last waitpid (KiB)", 1024),
               ("pending_after_kill", "frees pending at last waitpid", 1),
               ("alloc_ms", "last waitpid to allocated (ms)", 1),
               ("kill_to_alloc_ms", "kill to allocated (ms)", 1)],
}
TITLES = {
    "cgroup": "Kill, then allocate, in a memory cgroup on zswap",
    "global": "Kill, then allocate, under global pressure on zram",
}


def from_logs(args):
    rows = []
    for spec in args.logs:
        label, _, path = spec.partition("=")
        kernel, _, smp = label.partition(":")
        if not path or not smp:
            sys.exit(f"pressurereport: bad argument {spec!r}: KERNEL:SMP=LOG")
        reps = {}
        for line in open(path, errors="replace"):
            m = RESULT.search(line)
            if not m:
                continue
            mode = "global" if m.group(1).endswith("global") else "cgroup"
            kv = dict(f.split("=", 1) for f in m.group(2).split())
            v = "base" if kernel == "base" else kv["variant"]
            reps[mode, v] = reps.get((mode, v), 0) + 1
            row = {f: kv.get(f, "") for f in FIELDS}
            row.update({"date": args.date, "version": args.version,
                        "revision": args.revision if kernel != "base" else "base",
                        "mode": mode, "kernel": kernel, "smp": smp,
                        "variant": v, "rep": reps[mode, v]})
            rows.append(row)
        if not reps:
            print(f"pressurereport: no results in {path}", file=sys.stderr)
    return rows


def section(rows, mode):
    groups = {}
    for r in rows:
        groups.setdefault((r["smp"], r["variant"]), []).append(r)

    def vals(smp, v, f):
        # -1: not known (the base kernel has no deferred-free counters)
        return [float(r[f]) for r in groups.get((smp, v), [])
                if r[f] != "" and float(r[f]) >= 0]

    r0 = rows[0]
    if mode == "cgroup":
        what = (f"{r0['victims']} processes of {r0['mib']} MiB in a memory cgroup "
                "(memory.max, memory.zswap.writeback 0) on zswap are killed at "
                f"once and reaped; then {r0['alloc_mib']} MiB of incompressible "
                "data are written in the same cgroup.")
    else:
        what = (f"{r0['victims']} processes of {r0['mib']} MiB in a small guest "
                "with zram as its only swap are killed at once and reaped; then "
                f"{r0['alloc_mib']} MiB of incompressible data are written.")
    out = [f"## {TITLES[mode]}", "", what, ""]
    for smp in sorted({r["smp"] for r in rows}, reverse=True):
        ms = MEASURES[mode]
        out += [f"### {smp} vCPU{'s' if smp != '1' else ''}", "",
                "| variant | reps | " + " | ".join(t for _, t, _ in ms) +
                " | OOM kills | allocator failed |",
                "|---|---|" + "---|" * (len(ms) + 2)]
        for v in ("base", "off", "on", "built"):
            g = groups.get((smp, v))
            if not g:
                continue
            cells = []
            for f, _, k in ms:
                xs = vals(smp, v, f)
                cells.append(f"{med(xs) / k:.0f} [{min(xs) / k:.0f}-{max(xs) / k:.0f}]"
                             if xs else "-")
            ooms = sum(int(r["oom_kill"] or 0) for r in g)
            fails = sum(1 for r in g if r["alloc_ok"] != "1")
            out.append(f"| {v} | {len(g)} | " + " | ".join(cells) + f" | {ooms} | {fails} |")
        out.append("")
        for f, t, _ in ms:
            if f in ("charge_bytes", "pool_after_kill", "pending_after_kill"):
                continue
            parts = []
            for x, y in (("on", "off"), ("on", "base"), ("off", "base")):
                a, b = vals(smp, x, f), vals(smp, y, f)
                if a and b and med(b):
                    lo, hi = ratio_ci(a, b)
                    where = "same boot" if "base" not in (x, y) else "two boots"
                    parts.append(f"{x} / {y} {med(a) / med(b):.2f} "
                                 f"[{lo:.2f}-{hi:.2f}] ({where})")
            if parts:
                out.append(f"- {t}: " + "; ".join(parts))
        out.append("")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--date", default="")
    ap.add_argument("--version", default="")
    ap.add_argument("--revision", default="")
    ap.add_argument("--from-csv")
    ap.add_argument("logs", nargs="*")
    args = ap.parse_args()
    if args.from_csv:
        rows = list(csv.DictReader(open(args.from_csv)))
    else:
        rows = from_logs(args)
        with open(f"{args.out}/pressure.csv", "w", newline="") as f:
            w = csv.DictWriter(f, FIELDS)
            w.writeheader()
            w.writerows(rows)
    if not rows:
        sys.exit("pressurereport: no results")

    r0 = rows[0]
    rev = next((r["revision"] for r in rows if r["kernel"] != "base"), "-")
    out = [f"# Kill, then allocate ({r0['date']})", "",
           f"{r0['version']}; the series at tree {rev} (guest/killalloc.c, "
           "make pressure). QEMU TCG; the base and the patched kernel boot "
           "in turn, and in the patched kernel's boot deferral on and off take "
           "turns. Median [min-max] of the repetitions; every repetition is in "
           "pressure.csv. Ratios are of medians, with a 95 % bootstrap "
           "interval: a ratio whose interval holds 1 is no difference, and "
           "ratios across boots carry the host's drift between boots.", ""]
    for mode in ("cgroup", "global"):
        sel = [r for r in rows if r["mode"] == mode]
        if sel:
            out += section(sel, mode)
    d = os.path.relpath(args.out, os.path.join(os.path.dirname(__file__), ".."))
    out.append(f"Recompute: `scripts/pressurereport.py --out {d} --from-csv "
               f"{d}/pressure.csv`.")
    text = "\n".join(out) + "\n"
    open(f"{args.out}/pressure.md", "w").write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
