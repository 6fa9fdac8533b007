#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make tree: build/linux as a git repo; tag "base" is the pristine 6.12 source
# (Debian's linux-source-6.12, or KERNEL_SRC), HEAD is patches/ applied with
# "git am", one commit per patch. build/linux-base is a worktree of "base".
. "$(dirname "$0")/lib.sh"

ensure_deps

KERNEL_SRC=${KERNEL_SRC:-}
if [ -n "$KERNEL_SRC" ]; then
	[ -f "$KERNEL_SRC/Makefile" ] && [ -d "$KERNEL_SRC/mm" ] ||
		die "KERNEL_SRC=$KERNEL_SRC is not a kernel source tree"
	KERNEL_SRC=$(cd "$KERNEL_SRC" && pwd)
	src_id="dir:$KERNEL_SRC"
else
	ensure_base_package
	src_id="deb:$(dpkg-query -W -f='${Version}' "$DEB_PKG")"
fi

# Commits in base..HEAD that patches/ does not have would be lost by a reset.
unexported() {
	local tmp a b
	tmp=$(mktemp -d)
	git -C "$TREE" format-patch -q -o "$tmp" base..HEAD >/dev/null
	a=$(cat "$tmp"/*.patch 2>/dev/null | git patch-id --stable | awk '{print $1}' | sort)
	b=$(cat $(series_patches) /dev/null | git patch-id --stable | awk '{print $1}' | sort)
	rm -rf "$tmp"
	[ "$a" != "$b" ]
}

if [ -d "$TREE/.git" ]; then
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	   { git -C "$TREE" rev-parse -q --verify base >/dev/null && unexported; }; then
		[ "${FORCE:-0}" = 1 ] ||
			die "$TREE has work that is not in patches/ (run 'make export', or FORCE=1 to discard it)"
	fi
	if [ "$(cat "$BUILD/base-source" 2>/dev/null)" != "$src_id" ]; then
		log "base source changed ($src_id): recreating $TREE"
		git -C "$TREE" worktree remove --force "$BASE_TREE" 2>/dev/null || true
		rm -rf "$TREE" "$BASE_TREE"
	fi
fi

if [ ! -d "$TREE/.git" ]; then
	rm -rf "$TREE" "$BASE_TREE"
	mkdir -p "$TREE"
	if [ -n "$KERNEL_SRC" ]; then
		log "copying $KERNEL_SRC"
		rsync -a --exclude=.git "$KERNEL_SRC"/ "$TREE"/
	else
		log "unpacking $DEB_TARBALL"
		tar -xJf "$DEB_TARBALL" -C "$TREE" --strip-components=1
	fi
	log "committing the pristine base"
	git -C "$TREE" init -q -b series
	git -C "$TREE" config core.autocrlf false
	git -C "$TREE" config gc.auto 0
	git -C "$TREE" add -A -f
	kv=$(make -s -C "$TREE" kernelversion)
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$TREE" commit -q -m "Linux $kv (${src_id})"
	git -C "$TREE" tag base
	echo "$src_id" > "$BUILD/base-source"
fi

git -C "$TREE" checkout -q -f -B series base
git -C "$TREE" am --abort >/dev/null 2>&1 || true
n=0
for p in $(series_patches); do
	[ -f "$p" ] || die "patches/series names $(basename "$p"), which does not exist"
	if ! git -C "$TREE" am -q --committer-date-is-author-date "$p" >/dev/null 2>"$BUILD/am.err"; then
		git -C "$TREE" am --abort >/dev/null 2>&1 || true
		cat "$BUILD/am.err" >&2
		die "patch does not apply: patches/$(basename "$p")"
	fi
	n=$((n + 1))
done

if [ ! -e "$BASE_TREE/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$BASE_TREE" base
fi

"$TOP/scripts/version.sh" > "$BUILD/base-version"
cat "$BUILD/base-version"
log "applied $n patches on base: $TREE"
