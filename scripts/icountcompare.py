#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two icount benchmark runs, median busy time per cell:
icountcompare.py OLD.csv NEW.csv prints kernel, backend, size, variant,
the two medians (ms) and NEW/OLD. Under -icount the runs of different
boots compare directly; how far two boots of one kernel differ is in
results/icount-boots2/icount.md."""
import csv
import statistics
import sys


def load(path):
    cells = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["kernel"], row["backend"], int(row["size_mib"]),
                   row["variant"])
            cells.setdefault(key, []).append(float(row["busy_ms"]))
    return cells


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: icountcompare.py OLD.csv NEW.csv")
    old, new = load(sys.argv[1]), load(sys.argv[2])
    print("kernel backend size_mib variant old_busy_ms new_busy_ms new/old")
    for key in sorted(set(old) & set(new)):
        a = statistics.median(old[key])
        b = statistics.median(new[key])
        print(*key, f"{a:.1f}", f"{b:.1f}", f"{b / a:.4f}")


if __name__ == "__main__":
    main()
