# SPDX-License-Identifier: GPL-2.0
"""Statistics shared by the report writers: medians and bootstrap intervals."""
import random
import statistics


def med(xs):
    return statistics.median(xs) if xs else None


def ratio_ci(a, b, n=2000):
    """95 % bootstrap interval of median(a) / median(b), fixed seed."""
    rng = random.Random(1)
    rs = []
    for _ in range(n):
        d = med(rng.choices(b, k=len(b)))
        if d:
            rs.append(med(rng.choices(a, k=len(a))) / d)
    rs.sort()
    return rs[int(0.025 * len(rs))], rs[int(0.975 * len(rs)) - 1]


def verdict(lo, hi):
    """What a ratio's interval says: below 1, above 1, or no difference."""
    if hi < 1:
        return "below"
    if lo > 1:
        return "above"
    return "no difference"
