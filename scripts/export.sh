#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make export: regenerate patches/ from build/linux (base..HEAD).
# The cover letter's subject and text are kept from patches/0000-cover-letter.patch;
# its shortlog, diffstat and base-commit are regenerated. The output depends
# only on the commits, so "make tree && make export" changes nothing.
. "$(dirname "$0")/lib.sh"
require_tree
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes; commit them first"

n=$(git -C "$TREE" rev-list --count base..HEAD)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cover=$PATCHES/0000-cover-letter.patch

if [ "$n" -gt 0 ]; then
	git -C "$TREE" format-patch -q --zero-commit --no-signature --base=base \
		--cover-letter --no-thread -o "$tmp" base..HEAD
	# format-patch writes a Message-ID that changes on every run: drop it.
	sed -i -E '/^(Message-I[dD]|In-Reply-To|References): /d' "$tmp"/*.patch
fi

# Subject and text of the hand-written cover letter, or a placeholder.
subject="mm/zsmalloc: per-CPU deferred free"
if [ -f "$cover" ]; then
	subject=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$cover" | head -1)
	# the text: after the header's blank line, up to the generated shortlog
	awk 'h && /^[^ ].* \([0-9]+\):$/ { exit } h { print } /^$/ && !h { h = 1 }' "$cover" \
		> "$tmp/blurb"
else
	printf '%s\n\n' "*** describe the series here ***" > "$tmp/blurb"
fi
# drop trailing blank lines of the text
sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/blurb"

{
	echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
	git -C "$TREE" log -1 --format='From: %an <%ae>%nDate: %aD' HEAD
	echo "Subject: [PATCH 0/$n] $subject"
	echo
	cat "$tmp/blurb"
	echo
	if [ "$n" -gt 0 ]; then
		git -C "$TREE" shortlog base..HEAD
		git -C "$TREE" diff --stat --summary base..HEAD
		echo
	fi
	echo "base-commit: $(git -C "$TREE" rev-parse base)"
	echo "-- "
	echo "$(head -1 "$BUILD/base-version" 2>/dev/null || true)"
} > "$tmp/cover"

rm -f "$PATCHES"/*.patch
cp "$tmp/cover" "$cover"
: > "$PATCHES/series"
for p in "$tmp"/0*.patch; do
	[ -e "$p" ] || continue
	case $(basename "$p") in 0000-cover-letter.patch) continue ;; esac
	cp "$p" "$PATCHES/"
	basename "$p" >> "$PATCHES/series"
done
log "exported $n patches to $PATCHES"
