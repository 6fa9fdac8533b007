#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# variant.sh NAME: build a benchmark-only kernel in the worktree
# build/linux-NAME, built as build/kbuild/guest-NAME. Never part of patches/.
#   ablation:  the base, the series' first (preparation) patch and
#              bench/variants/ablation/*.patch
#   patch1:    the base and the series' first patch alone
#   syncbatch: the base, the whole series and
#              bench/variants/syncbatch/*.patch
. "$(dirname "$0")/lib.sh"
name=${1:-}
require_tree
mapfile -t series < <(series_patches)
[ ${#series[@]} -gt 0 ] || die "the series is empty"
case $name in
ablation|syncbatch)
	extra=("$TOP"/bench/variants/$name/*.patch)
	[ -f "${extra[0]}" ] || die "no bench/variants/$name/*.patch" ;;
patch1) extra=() ;;
*) die "usage: variant.sh ablation|patch1|syncbatch" ;;
esac
case $name in
syncbatch) on=("${series[@]}") what="the series" ;;
*) on=("${series[0]}") what=$(basename "${series[0]}") ;;
esac
wt=$BUILD/linux-$name
if [ ! -e "$wt/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
git -C "$wt" am --abort >/dev/null 2>&1 || true
# Only files that differ are rewritten, so the build stays incremental.
git -C "$wt" checkout -q -f --detach base
git -C "$wt" am -q --committer-date-is-author-date "${on[@]}" "${extra[@]}" ||
	{ git -C "$wt" am --abort; die "$name does not apply on the base and $what"; }
"$TOP/scripts/kernel.sh" "$name" guest
