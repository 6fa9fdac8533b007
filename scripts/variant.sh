#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# variant.sh NAME: build a benchmark-only kernel: the base, the series' first
# (preparation) patch and bench/variants/*.patch, in the worktree
# build/linux-NAME, built as build/kbuild/guest-NAME. Never part of patches/.
. "$(dirname "$0")/lib.sh"
name=${1:?usage: variant.sh NAME}
require_tree
wt=$BUILD/linux-$name
first=$(series_patches | head -1)
[ -n "$first" ] || die "the series is empty"
if [ ! -e "$wt/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
git -C "$wt" am --abort >/dev/null 2>&1 || true
# Only files that differ are rewritten, so the build stays incremental.
git -C "$wt" checkout -q -f --detach base
git -C "$wt" am -q --committer-date-is-author-date "$first" "$TOP"/bench/variants/*.patch ||
	{ git -C "$wt" am --abort; die "bench/variants does not apply on the base and $(basename "$first")"; }
"$TOP/scripts/kernel.sh" "$name" guest
