#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# variant.sh NAME: build a benchmark-only kernel in the worktree
# build/linux-NAME, built as build/kbuild/guest-NAME. Never part of patches/.
#   ablation: the base, the series' first (preparation) patch and
#             bench/variants/*.patch
#   patch1:   the base and the series' first patch alone
. "$(dirname "$0")/lib.sh"
name=${1:-}
require_tree
first=$(series_patches | head -1)
[ -n "$first" ] || die "the series is empty"
case $name in
ablation) extra=("$TOP"/bench/variants/*.patch)
	[ -f "${extra[0]}" ] || die "no bench/variants/*.patch" ;;
patch1) extra=() ;;
*) die "usage: variant.sh ablation|patch1" ;;
esac
wt=$BUILD/linux-$name
if [ ! -e "$wt/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
git -C "$wt" am --abort >/dev/null 2>&1 || true
# Only files that differ are rewritten, so the build stays incremental.
git -C "$wt" checkout -q -f --detach base
git -C "$wt" am -q --committer-date-is-author-date "$first" "${extra[@]}" ||
	{ git -C "$wt" am --abort; die "$name does not apply on the base and $(basename "$first")"; }
"$TOP/scripts/kernel.sh" "$name" guest
