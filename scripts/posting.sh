#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The checks a series passes before it is posted, as "ok NAME" or
# "not ok NAME # why" lines:
#  - every patch builds in order: the objects the series touches, at each step;
#  - W=1 and sparse (C=2) on those objects: no warning the base lacks;
#  - scripts/kernel-doc -none on the touched files: no warning the base lacks;
#  - mm/ and drivers/block/zram/ build with CONFIG_ZSMALLOC_DEFERRED_FREE=n,
#    and the kernel and its modules with zsmalloc and zram as modules and
#    zswap off.
. "$(dirname "$0")/lib.sh"
require_tree
ensure_deps sparse:sparse
set +e

OBJS="mm/zsmalloc.o mm/zpool.o mm/zswap.o drivers/block/zram/zram_drv.o"
DOCS="mm/zsmalloc.c mm/zpool.c mm/zswap.c include/linux/zsmalloc.h include/linux/zpool.h
      drivers/block/zram/zram_drv.c"
wt=$BUILD/linux-bisect
out=$BUILD/kbuild/guest-bisect
lint=$LOGS/lint
mkdir -p "$lint"

ok() { echo "ok $1"; }
fail() { echo "not ok $1 # $2"; }

if [ ! -e "$wt/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi

# Warnings of a build or of kernel-doc, without line numbers and paths.
warnings() {
	grep -E '(warning|error):' "$1" | sed -E 's|^[^ ]*/||; s|:[0-9]+(:[0-9]+)?:|:|' | sort -u
}

# lint NAME: W=1 + sparse on the objects and kernel-doc, at the checked-out commit
lint_at() {
	touch_objs=()
	for o in $OBJS; do touch_objs+=("$wt/${o%.o}.c"); done
	touch "${touch_objs[@]}"		# C=2 checks them again
	MAKEFLAGS_EXTRA="W=1 C=2" TARGETS="$OBJS" "$TOP/scripts/kernel.sh" bisect guest \
		>"$lint/$1.log" 2>&1
	cp "$out/build.log" "$lint/$1.build"
	(cd "$wt" && scripts/kernel-doc -none $DOCS) >"$lint/$1.doc" 2>&1
}

commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
git -C "$wt" checkout -q -f --detach base
lint_at base
n=0
for c in $commits; do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q -f --detach "$c"
	if TARGETS="$OBJS" "$TOP/scripts/kernel.sh" bisect guest >"$lint/step-$n.log" 2>&1; then
		ok "bisect/$n builds: $subject"
	else
		fail "bisect/$n builds: $subject" "see $lint/step-$n.log"
	fi
done
lint_at series

for kind in build doc; do
	new=$(comm -13 <(warnings "$lint/base.$kind") <(warnings "$lint/series.$kind"))
	what=$([ $kind = build ] && echo "W=1 and sparse" || echo "kernel-doc")
	if [ -z "$new" ]; then
		ok "$what: no new warnings ($(warnings "$lint/series.$kind" | wc -l) in the base)"
	else
		echo "$new" | head -10 | sed 's/^/    /'
		fail "$what: no new warnings" "$(echo "$new" | wc -l) new"
	fi
done

# With the option off only the touched directories can change; the module
# build needs all of vmlinux for modpost.
for flavour in nodefer modules; do
	targets="mm/ drivers/block/zram/"
	[ $flavour = modules ] && targets="vmlinux modules"
	if TARGETS=$targets "$TOP/scripts/kernel.sh" patched "$flavour" \
		>"$LOGS/kernel-$flavour.log" 2>&1; then
		ok "builds with config/$flavour.list ($targets)"
	else
		tail -5 "$LOGS/kernel-$flavour.log" | sed 's/^/    /'
		fail "builds with config/$flavour.list ($targets)" "see $LOGS/kernel-$flavour.log"
	fi
done
