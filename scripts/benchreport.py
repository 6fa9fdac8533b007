#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise munmap results: benchreport.py KERNEL=LOG [KERNEL=LOG ...]

Reads the guest's "# result ..." lines and prints, per backend and size,
the median, min and max munmap time of each kernel with mixed data and of
the limit (the VMA whose pages never reach zsmalloc), with ratios.
"""
import re
import statistics
import sys
from collections import defaultdict

RESULT = re.compile(r"# result (.*)")


def main():
    data = defaultdict(list)   # (backend, size, kernel, pattern) -> [ms]
    for arg in sys.argv[1:]:
        kernel, _, path = arg.partition("=")
        for line in open(path, errors="replace"):
            m = RESULT.search(line)
            if not m:
                continue
            kv = dict(f.split("=", 1) for f in m.group(1).split())
            data[(kv["backend"], int(kv["size_mib"]), kernel, kv["pattern"])].append(
                float(kv["munmap_ms"]))
    if not data:
        sys.exit("benchreport: no results in the logs (see build/logs)")
    groups = sorted({(b, s) for b, s, _, _ in data})
    kernels = sorted({k for _, _, k, _ in data})
    for b, s in groups:
        print(f"\nmunmap of a swapped-out {s} MiB VMA on {b} (QEMU TCG, 2 vCPUs)")
        print(f"{'kernel':10} {'data':6} {'n':>3} {'median ms':>10} {'min':>9} {'max':>9}")
        med = {}
        for k in kernels:
            for p in sorted({p for bb, ss, kk, p in data if (bb, ss, kk) == (b, s, k)}):
                v = data[(b, s, k, p)]
                med[(k, p)] = statistics.median(v)
                print(f"{k:10} {p:6} {len(v):3} {med[(k, p)]:10.1f} {min(v):9.1f} {max(v):9.1f}")
        limit = [v for (k, p), v in med.items() if p != "mixed"]
        lim = statistics.median(limit) if limit else None
        if ("base", "mixed") in med and ("patched", "mixed") in med:
            print(f"speedup patched vs base (mixed): {med[('base', 'mixed')] / med[('patched', 'mixed')]:.2f}x")
        for k in kernels:
            if (k, "mixed") in med and lim:
                print(f"{k} mixed / limit: {med[(k, 'mixed')] / lim:.2f}x")


if __name__ == "__main__":
    main()
