#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise the benchmark boots.

usage: benchreport.py [--out DIR] [--seconds N] [--version TEXT] KERNEL=LOG...

Reads the "# result variant=..." lines zsmalloc_munmap printed in each boot
(KERNEL is base, patched or ablation) and writes DIR/bench.csv (medians),
DIR/bench-reps.csv (every repetition), DIR/bench.md and DIR/munmap.png
(gnuplot); prints the tables. Ratios of the munmap's time carry 95 %
bootstrap intervals (scripts/stats.py). Variants:
base, patched, patched-off (deferral switched off at run time), limit
(data the backend keeps without zsmalloc; limit-base and limit-ablation
in those kernels' boots, for the drift between boots) and ablation. Modes: munmap, kill (SIGKILL until waitpid() returns) and
verify (swap-in). "# buffer_pages" lines give the deferred free's peak
and idle buffer pages.
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict

from stats import ratio_ci, verdict

RESULT = re.compile(r"# result (.*)")
PROFILE = re.compile(r"# profile (.*)")
BUFFERS = re.compile(r"# buffer_pages (.*)")
ORDER = ["base", "ablation", "patched", "patched-off", "limit", "limit-base",
         "limit-ablation"]
MODES = ["munmap", "kill", "verify"]


def variant(kernel, v):
    if v == "limit":
        return "limit" if kernel == "patched" else "limit-" + kernel
    if kernel == "patched" and v == "off":
        return "patched-off"
    return kernel


def fields(text):
    return dict(x.split("=", 1) for x in text.split() if "=" in x)


def load(args, profiles, buffers):
    data = defaultdict(lambda: defaultdict(list))
    for arg in args:
        kernel, _, path = arg.partition("=")
        with open(path, errors="replace") as f:
            for line in f:
                m = PROFILE.search(line)
                if m:
                    profiles.append((kernel, fields(m.group(1))))
                    continue
                m = BUFFERS.search(line)
                if m:
                    buffers.append((kernel, fields(m.group(1))))
                    continue
                m = RESULT.search(line)
                if not m:
                    continue
                kv = fields(m.group(1))
                key = (kv["backend"], int(kv["size_mib"]), int(kv["procs"]),
                       variant(kernel, kv.get("variant", "kernel")),
                       kv.get("mode", "munmap"))
                for f_ in ("ms", "return_ms", "cpu_ms", "swapin_mib_s"):
                    if f_ in kv:
                        data[key][f_].append(float(kv[f_]))
    return data


def med(v):
    return statistics.median(v) if v else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--version", default="")
    ap.add_argument("--date", default=str(datetime.date.today()))
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    profiles, buffers = [], []
    data = load(a.logs, profiles, buffers)
    if not data:
        sys.exit("benchreport: no results in the logs")

    rows = []
    for key in sorted(data, key=lambda k: (k[0], k[1], k[2], MODES.index(k[4]),
                                           ORDER.index(k[3]))):
        d = data[key]
        rows.append(dict(backend=key[0], size_mib=key[1], procs=key[2], variant=key[3],
                         median_ms=med(d["ms"]), min_ms=min(d["ms"]), max_ms=max(d["ms"]),
                         reps=len(d["ms"]), median_return_ms=med(d["return_ms"]),
                         median_cpu_ms=med(d["cpu_ms"]), mode=key[4],
                         median_swapin_mib_s=med(d["swapin_mib_s"])))
    cols = ["backend", "size_mib", "procs", "variant", "median_ms", "min_ms", "max_ms",
            "reps", "median_return_ms", "median_cpu_ms", "mode", "median_swapin_mib_s"]

    def get(b, s, p, v, f="median_ms", mode="munmap"):
        for r in rows:
            if (r["backend"], r["size_mib"], r["procs"], r["variant"], r["mode"]) == \
                    (b, s, p, v, mode):
                return r[f]
        return None

    def fmt(x, spec=".1f"):
        return "–" if x is None or x != x else format(x, spec)

    def ratio(x, y):
        return None if x is None or not y else x / y

    md = []
    md.append(f"Measured {a.date} on {a.version.replace('base: ', '')}, "
              "QEMU TCG (software emulation), 2 vCPUs: compare ratios within this run, "
              "not absolute times across runs. One boot per kernel and size, the kernels "
              "in turn for each size. Medians of "
              f"{max(r['reps'] for r in rows)} repetitions"
              + (f"; the boots took {a.seconds // 60} min in all." if a.seconds else "."))
    md.append("")
    md.append("Time is each process's munmap() of its swapped-out VMA, averaged over the "
              "processes released at once; *back* is the time from the release until the "
              "backend's memory is at its baseline again; *CPU* is the busy time of all "
              "CPUs over that window (exit path and workers; 10 ms resolution). "
              "*limit*: the same munmap of data the backend keeps without zsmalloc "
              "(zram: same-filled pages; zswap: zero pages). *patched-off*: the patched "
              "kernel with deferral switched off at run time, which frees as the base does. "
              "Patched, patched-off and the limit take turns in every repetition of one "
              "boot, their order turned round by one each time, so *off / patched* is a speedup measured within one boot, and *back* "
              "and *CPU* of patched against off compare within one boot too; *speedup* "
              "compares the base's boot with the patched kernel's, and carries any drift "
              "of the host between boots. Every variant but the ablation kernel covers "
              "every process count; the ablation kernel, the kill path and swap-in run "
              "with the fewest processes only (– where not measured). The guest has 2 "
              "vCPUs: with 3 processes, they and the workers share 2 CPUs.")
    variants = [v for v in ORDER if any(r["variant"] == v and r["mode"] == "munmap"
                                        for r in rows)]
    for b in sorted({r["backend"] for r in rows}):
        md.append("")
        md.append(f"### {b}")
        md.append("")
        head = ["MiB", "procs"] + [f"{v} ms" for v in variants] + \
            ["speedup", "off / patched", "patched / limit", "back base", "back patched",
             "back off", "CPU base", "CPU patched", "CPU off"]
        md.append("| " + " | ".join(head) + " |")
        md.append("|" + "---|" * len(head))
        for s, p in sorted({(r["size_mib"], r["procs"]) for r in rows
                            if r["backend"] == b and r["mode"] == "munmap"}):
            cells = [str(s), str(p)]
            cells += [fmt(get(b, s, p, v)) for v in variants]
            cells.append(fmt(ratio(get(b, s, p, "base"), get(b, s, p, "patched")), ".2f") + "x")
            cells.append(fmt(ratio(get(b, s, p, "patched-off"), get(b, s, p, "patched")),
                             ".2f") + "x")
            cells.append(fmt(ratio(get(b, s, p, "patched"), get(b, s, p, "limit")), ".2f") + "x")
            cells += [fmt(get(b, s, p, "base", "median_return_ms"), ".0f"),
                      fmt(get(b, s, p, "patched", "median_return_ms"), ".0f"),
                      fmt(get(b, s, p, "patched-off", "median_return_ms"), ".0f"),
                      fmt(get(b, s, p, "base", "median_cpu_ms"), ".0f"),
                      fmt(get(b, s, p, "patched", "median_cpu_ms"), ".0f"),
                      fmt(get(b, s, p, "patched-off", "median_cpu_ms"), ".0f")]
            md.append("| " + " | ".join(cells) + " |")
    md += interval_tables(data)
    md += other_modes(rows, get, fmt, ratio)
    if buffers:
        md += buffer_table(buffers)
    if profiles:
        md += profile_tables(profiles)
    text = "\n".join(md) + "\n"
    print(text)
    if not a.out:
        return
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "bench.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "bench.csv"), "w") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(("" if r[c] != r[c] else format(r[c], ".3f"))
                             if isinstance(r[c], float) else str(r[c]) for c in cols) + "\n")
    write_reps(data, os.path.join(a.out, "bench-reps.csv"), a.date, a.version)
    plot(rows, a.out)


REP_FIELDS = ("ms", "return_ms", "cpu_ms", "swapin_mib_s")


def write_reps(data, path, date, version):
    """Every repetition, in the order the boots ran them."""
    with open(path, "w") as f:
        f.write("date,version,backend,size_mib,procs,variant,mode,rep," +
                ",".join(REP_FIELDS) + "\n")
        for key in sorted(data):
            d = data[key]
            for i in range(len(d["ms"])):
                vals = [format(d[x][i], ".3f") if i < len(d[x]) else ""
                        for x in REP_FIELDS]
                f.write(",".join([date, version.replace("base: ", "").replace(",", ";"),
                                  key[0], str(key[1]), str(key[2]), key[3], key[4],
                                  str(i + 1)] + vals) + "\n")


def interval_tables(data):
    """patched against off (one boot), the base (two boots) and the limit."""
    pairs = [("patched-off", "patched / off, one boot"),
             ("base", "patched / base, two boots"),
             ("limit", "patched / limit, one boot")]
    drift = ("limit", "limit-base", "limit, patched boot / base boot")
    md = ["", "### The munmap's ratios, with 95 % bootstrap intervals", "",
          "Ratios of medians of the munmap's time, [95 % bootstrap interval], "
          "and what the interval says: *below* or *above* 1 only if it "
          "excludes 1, else *no difference*. A patched kernel below the "
          "limit, which does less than the patched kernel could, is the "
          "host's noise, and is marked so. Ratios against the base's boot carry "
          "the host's drift between boots; the limit, run in both boots, "
          "measures it (last column).", ""]
    for b in sorted({k[0] for k in data}):
        md += [f"#### {b}", "",
               "| MiB | procs | reps | " + " | ".join(t for _, t in pairs) +
               " | " + drift[2] + " |",
               "|---|---|---|" + "---|" * (len(pairs) + 1)]
        for s, p in sorted({(k[1], k[2]) for k in data
                            if k[0] == b and k[4] == "munmap"}):
            pat = data.get((b, s, p, "patched", "munmap"), {}).get("ms")
            if not pat:
                continue
            cells = [str(s), str(p), str(len(pat))]
            for x, v in [("patched", v) for v, _ in pairs] + [drift[:2]]:
                num = data.get((b, s, p, x, "munmap"), {}).get("ms")
                ref = data.get((b, s, p, v, "munmap"), {}).get("ms")
                if not num or not ref:
                    cells.append("–")
                    continue
                lo, hi = ratio_ci(num, ref)
                r = statistics.median(num) / statistics.median(ref)
                what = verdict(lo, hi)
                if v == "limit" and what == "below":
                    what = "below the limit: noise"
                cells.append(f"{r:.2f} [{lo:.2f}-{hi:.2f}] {what}")
            md.append("| " + " | ".join(cells) + " |")
        md.append("")
    return md


def other_modes(rows, get, fmt, ratio):
    """The kill path and swap-in, base against patched."""
    keys = sorted({(r["backend"], r["size_mib"], r["procs"]) for r in rows
                   if r["mode"] != "munmap"})
    if not keys:
        return []
    md = ["", "### The kill path and swap-in", "",
          "*kill*: the processes are SIGKILLed at once (what a low-memory killer does) "
          "and the time is until waitpid() returns, averaged over them. *swap-in*: each "
          "process reads its whole area back from swap and compares it with what it "
          "wrote (MiB/s of all processes together; a mismatch fails the run).", "",
          "| backend | MiB | procs | kill base ms | kill patched ms | speedup | "
          "swap-in base MiB/s | swap-in patched MiB/s | patched / base |",
          "|---|---|---|---|---|---|---|---|---|"]
    for b, s, p in keys:
        kb, kp = get(b, s, p, "base", mode="kill"), get(b, s, p, "patched", mode="kill")
        sb = get(b, s, p, "base", "median_swapin_mib_s", "verify")
        sp = get(b, s, p, "patched", "median_swapin_mib_s", "verify")
        md.append(f"| {b} | {s} | {p} | {fmt(kb)} | {fmt(kp)} | "
                  f"{fmt(ratio(kb, kp), '.2f')}x | {fmt(sb, '.0f')} | {fmt(sp, '.0f')} | "
                  f"{fmt(ratio(sp, sb), '.2f')}x |")
    return md


def buffer_table(buffers):
    """Pages the deferred free holds: at its peak during a munmap, and idle."""
    md = ["", "### Buffer pages of the deferred free (patched)", "",
          "*peak*: the most buffer pages (per-CPU buffers, full pages waiting for the "
          "drain, spares) seen while the processes unmapped, summed over the backend's "
          "pools and sampled by a shell loop in the guest (that munmap is not timed); "
          "*idle*: the pages kept 2 s later, with nothing pending. One page is 4 KiB.", "",
          "| backend | MiB | procs | peak pages | idle pages |", "|---|---|---|---|---|"]
    for kernel, kv in sorted(buffers, key=lambda x: (x[1]["backend"], int(x[1]["size_mib"]),
                                                      int(x[1]["procs"]))):
        if kernel == "patched":
            md.append(f"| {kv['backend']} | {kv['size_mib']} | {kv['procs']} | "
                      f"{kv['peak']} | {kv['idle']} |")
    return md


def profile_tables(profiles):
    """Cost attribution: function profiler, one function traced per run."""
    md = ["", "### Where munmap spends its time (function profiler)", "",
          "One function traced at a time, 3 runs each, against 3 untraced runs; "
          "*ovh* is the tracer's cost per call, (traced munmap - untraced munmap) / hits, "
          "and *corrected* is the profiled time less half of it per call (the half that "
          "falls between the profiler's time stamps). Shares are of the untraced munmap; "
          "time spent in workers on the other CPU counts too (patched: the drain), so "
          "shares of functions that also run there can exceed what munmap waits for.", ""]
    for kernel in ("base", "patched"):
        for b in sorted({kv["backend"] for k, kv in profiles if k == kernel}):
            rows = [kv for k, kv in profiles if k == kernel and kv["backend"] == b]
            plain = float(rows[0]["plain_ms"])
            md.append(f"{kernel}, {b}: untraced munmap {plain:.1f} ms")
            md.append("")
            md.append("| function | calls | profiled ms | ovh µs/call | corrected ms | share |")
            md.append("|---|---|---|---|---|---|")
            for kv in rows:
                corr = float(kv["corrected_ms"])
                md.append(f"| {kv['fn']} | {kv['hits']} | {float(kv['time_ms']):.1f} | "
                          f"{float(kv['ovh_us']):.2f} | {corr:.1f} | "
                          f"{100 * corr / plain:.0f} % |")
            md.append("")
    return md


def plot(rows, out):
    """munmap latency against size, one process, one panel per backend."""
    backends = sorted({r["backend"] for r in rows})
    dat = os.path.join(out, ".munmap.dat")
    blocks = []
    with open(dat, "w") as f:
        for b in backends:
            for v in ("base", "patched", "limit"):
                pts = sorted((r["size_mib"], r["median_ms"]) for r in rows
                             if r["backend"] == b and r["variant"] == v and r["procs"] == 1
                             and r["mode"] == "munmap")
                f.write(f"# {b} {v}\n")
                for s, ms in pts:
                    f.write(f"{s} {ms}\n")
                f.write("\n\n")
                blocks.append((b, v))
    script = [f'set terminal png size {600 * len(backends)},450',
              f'set output "{os.path.join(out, "munmap.png")}"',
              f'set multiplot layout 1,{len(backends)}',
              'set logscale xy', 'set xlabel "VMA size (MiB)"', 'set ylabel "munmap (ms)"',
              'set key top left', 'set grid']
    for b in backends:
        parts = [f'"{dat}" index {i} with linespoints title "{v}"'
                 for i, (bb, v) in enumerate(blocks) if bb == b]
        script.append(f'set title "{b}, 1 process (median)"')
        script.append("plot " + ", ".join(parts))
    script.append("unset multiplot")
    try:
        subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"benchreport: no plot: {e}", file=sys.stderr)
    finally:
        os.unlink(dat)


if __name__ == "__main__":
    main()
