#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Attribute the guest instructions counted by tools/insnprof.c to functions.

  insnprof.py table [--window FN] VMLINUX PROFILE > TABLE
  insnprof.py compare [--top N] TABLE1 TABLE2
  insnprof.py groups TABLE...

A profile holds one block of counts per interval between two markers.
"table" takes the interval in which function FN (default
free_swap_and_cache_nr, called for each swap entry an unmap frees) ran the
most instructions, and prints per function the instructions run in it (its
own, not its callees'; user space as one line) and its calls (runs of the
block at its address), largest first, after the total. "compare" puts two
tables side by side with their differences, largest first. "groups" sums
each table by the parts of the free path (GROUPS below) and prints them
per freed slot (calls of zram_slot_free_notify or zswap_invalidate), as a
markdown table.
"""
import bisect
import subprocess
import sys


def symbols(vmlinux):
    out = subprocess.run(["nm", "-n", vmlinux], capture_output=True,
                         text=True, check=True).stdout
    addrs, names = [], []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            addrs.append(int(f[0], 16))
            names.append(f[2])
    return addrs, names


def windows(path):
    wins, cur = [], None
    with open(path) as f:
        for line in f:
            if line.startswith("mark"):
                cur = {}
                wins.append(cur)
            elif cur is not None:
                a, n, e = line.split()
                cur[int(a, 16)] = (int(n), int(e))
    return wins


def table(vmlinux, path, window_fn):
    addrs, names = symbols(vmlinux)
    best, best_n = None, 0
    for w in windows(path):
        per = {}
        for a, (n, e) in w.items():
            if a < 0xffff800000000000:
                k, call = "(user)", False
            else:
                i = bisect.bisect_right(addrs, a) - 1
                k, call = (names[i], addrs[i] == a) if i >= 0 else ("?", False)
            v = per.setdefault(k, [0, 0])
            v[0] += n
            if call:
                v[1] += e
        n = per.get(window_fn, [0])[0]
        if n > best_n:
            best, best_n = per, n
    if not best:
        sys.exit(f"insnprof: no interval ran {window_fn}")
    print(f"{sum(v[0] for v in best.values())} 0 (total)")
    for k, (n, c) in sorted(best.items(), key=lambda x: (-x[1][0], x[0])):
        print(f"{n} {c} {k}")


def load(path):
    t = {}
    with open(path) as f:
        for line in f:
            n, c, k = line.split()
            t[k] = (int(n), int(c))
    return t


def compare(p1, p2, top):
    a, b = load(p1), load(p2)
    z = (0, 0)
    print(f"{'first':>12} {'second':>12} {'difference':>11} "
          f"{'calls 1st':>9} {'calls 2nd':>9}  function")
    keys = sorted(set(a) | set(b),
                  key=lambda k: (k != "(total)",
                                 -abs(b.get(k, z)[0] - a.get(k, z)[0]), k))
    for k in keys[:top + 1]:
        (na, ca), (nb, cb) = a.get(k, z), b.get(k, z)
        print(f"{na:12d} {nb:12d} {nb - na:11d} {ca:9d} {cb:9d}  {k}")


# Parts of the free path, by function; the rest is "other".
GROUPS = [
    ("backend (zram slot / zswap entry)", r"^(__)?zram_|^zswap_|^__zswap_"),
    ("deferral: push, workers", r"deferred_free|^__zs_free_deferred$|"
     r"^zs_free_deferred$|^zs_deferred"),
    ("zsmalloc free", r"^zs_free|^zs_release_zspages$|free_zspage$|"
     r"^trylock_zspage$|^get_zspage|^obj_free$|fullness|^remove_zspage$|"
     r"^insert_zspage$|^reset_page$|^get_next_page$|^obj_to_location$|"
     r"^kick_deferred_free$|^zpool_free"),
    ("slab frees", r"^kmem_cache_free|^build_detached_freelist$|^slab_free|"
     r"^__slab_free|free_to_partial_list|^memcg_slab_free_hook$|"
     r"^slab_want_init_on_free$|^_raw_spin_(un)?lock_irq|^virt_to_slab$|"
     r"^discard_slab$|^__free_slab|^put_cpu_partial$"),
    ("locks (spin, read, write)", r"^_raw_(spin|read|write)_|^__raw_|"
     r"^do_raw_|^queued_"),
    ("page allocator: pcp and buddy", r"^free_pcppages_bulk$|"
     r"^__free_one_page$|^find_buddy_page_pfn$|^account_freepages$|"
     r"^__del_page_from_free_list|^__add_to_free_list|"
     r"^get_pfnblock_flags_mask$|^__pfn_to_section$|^free_unref_page|"
     r"^__mod_zone_page_state$|^mod_zone_state$|^__free_pages|^put_page$|"
     r"^__folio_put$|^free_unref_folios$"),
]


def groups(paths):
    import re
    pats = [(g, re.compile(r)) for g, r in GROUPS]
    cols = []
    for p in paths:
        t = load(p)
        slots = t.get("zram_slot_free_notify", (0, 0))[1] or \
            t.get("zswap_invalidate", (0, 0))[1] or 1
        sums = dict((g, 0) for g, _ in GROUPS)
        sums["other"] = 0
        for k, (n, c) in t.items():
            if k == "(total)":
                continue
            for g, r in pats:
                if r.search(k):
                    sums[g] += n
                    break
            else:
                sums["other"] += n
        cols.append((p.rsplit("/", 1)[-1].replace(".txt", ""), slots,
                     t["(total)"][0], sums))
    print("| instructions per slot | " +
          " | ".join(c[0] for c in cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    print("| slots freed | " + " | ".join(str(c[1]) for c in cols) + " |")
    for g in [g for g, _ in GROUPS] + ["other"]:
        print(f"| {g} | " +
              " | ".join(f"{c[3][g] / c[1]:.1f}" for c in cols) + " |")
    print("| total | " + " | ".join(f"{c[2] / c[1]:.1f}" for c in cols) +
          " |")


def main():
    args = sys.argv[1:]
    opts = {"--top": "40", "--window": "free_swap_and_cache_nr"}
    for o in opts:
        if o in args:
            i = args.index(o)
            opts[o] = args[i + 1]
            del args[i:i + 2]
    if len(args) == 3 and args[0] == "table":
        table(args[1], args[2], opts["--window"])
    elif len(args) == 3 and args[0] == "compare":
        compare(args[1], args[2], int(opts["--top"]))
    elif len(args) >= 2 and args[0] == "groups":
        groups(args[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
