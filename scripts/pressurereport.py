#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Report of make pressure (guest/killalloc.c), from the guests' logs or
from the CSV it writes.

usage: pressurereport.py --out DIR [--date D --version V --revision R]
                         KERNEL:SMP=LOG ...
       pressurereport.py --out DIR --from-csv results/pressure.csv

Writes DIR/pressure.csv (every repetition) and DIR/pressure.md (per
kernel, vCPUs and variant: the median and the range of each measure, and
the ratios of the medians within one boot and against the base).
"""
import argparse
import csv
import re
import statistics
import sys

RESULT = re.compile(r"# result killalloc (.*)$")
FIELDS = ["date", "version", "revision", "kernel", "smp", "variant", "rep",
          "victims", "mib", "alloc_mib", "kill_ms", "charge_bytes",
          "current_bytes", "alloc_ms", "kill_to_alloc_ms", "oom_kill",
          "alloc_ok"]
MEASURES = [("kill_ms", "kill to last waitpid (ms)"),
            ("charge_bytes", "zswap charge left (KiB)"),
            ("alloc_ms", "last waitpid to allocated (ms)"),
            ("kill_to_alloc_ms", "kill to allocated (ms)")]


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
            kv = dict(f.split("=", 1) for f in m.group(1).split())
            v = kv["variant"]
            if kernel == "base":
                v = "base"
            reps[v] = reps.get(v, 0) + 1
            row = {"date": args.date, "version": args.version,
                   "revision": args.revision if kernel != "base" else "base",
                   "kernel": kernel, "smp": smp, "variant": v,
                   "rep": reps[v]}
            for f in FIELDS[7:]:
                row[f] = kv.get(f, "")
            rows.append(row)
        if not reps:
            print(f"pressurereport: no results in {path}", file=sys.stderr)
    return rows


def med(xs):
    return statistics.median(xs) if xs else None


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

    groups = {}
    for r in rows:
        groups.setdefault((r["smp"], r["variant"]), []).append(r)

    def vals(smp, v, f):
        return [float(r[f]) for r in groups.get((smp, v), [])]

    r0 = rows[0]
    out = [f"# Kill, then allocate, in a memory cgroup on zswap ({r0['date']})", "",
           f"{r0['version']}; the series at tree {next((r['revision'] for r in rows if r['kernel'] != 'base'), '-')}. "
           f"{r0['victims']} processes of {r0['mib']} MiB in a cgroup (memory.max, "
           f"memory.zswap.writeback 0) are killed at once and reaped; then "
           f"{r0['alloc_mib']} MiB of incompressible data are written in the "
           "same cgroup (guest/killalloc.c). QEMU TCG; base and patched boot "
           "by boot, patched with deferral on and off in turn within its boot. "
           "Median [min-max] of the repetitions; every repetition is in pressure.csv.", ""]
    for smp in sorted({r["smp"] for r in rows}, reverse=True):
        out += [f"## {smp} vCPU{'s' if smp != '1' else ''}", "",
                "| variant | reps | " + " | ".join(t for _, t in MEASURES) +
                " | OOM kills | allocator failed |",
                "|---|---|" + "---|" * (len(MEASURES) + 2)]
        for v in ("base", "off", "on", "built"):
            g = groups.get((smp, v))
            if not g:
                continue
            cells = []
            for f, _ in MEASURES:
                xs = vals(smp, v, f)
                k = 1024 if f == "charge_bytes" else 1
                cells.append(f"{med(xs) / k:.0f} [{min(xs) / k:.0f}-{max(xs) / k:.0f}]")
            ooms = sum(int(r["oom_kill"] or 0) for r in g)
            fails = sum(1 for r in g if r["alloc_ok"] != "1")
            out.append(f"| {v} | {len(g)} | " + " | ".join(cells) + f" | {ooms} | {fails} |")
        out.append("")
        for f, t in MEASURES:
            if f == "charge_bytes":
                continue
            on, off, base = (med(vals(smp, v, f)) for v in ("on", "off", "base"))
            parts = []
            if on and off:
                parts.append(f"on / off {on / off:.2f}")
            if on and base:
                parts.append(f"on / base {on / base:.2f}")
            if off and base:
                parts.append(f"off / base {off / base:.2f}")
            if parts:
                out.append(f"- {t}: " + ", ".join(parts) + " (medians)")
        out.append("")
    out.append("Recompute: `scripts/pressurereport.py --out results --from-csv results/pressure.csv`.")
    text = "\n".join(out) + "\n"
    open(f"{args.out}/pressure.md", "w").write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
