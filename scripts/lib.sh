# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers for the host-side scripts. Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux             # git repo: tag "base" = pristine, HEAD = series
BASE_TREE=$BUILD/linux-base   # git worktree of tag "base", for the base kernel
PATCHES=$TOP/patches
LOGS=$BUILD/logs
DEB_PKG=linux-source-6.12
DEB_TARBALL=/usr/src/linux-source-6.12.tar.xz
JOBS=${JOBS:-$(nproc)}

# Fixed identity and dates make the base commit and the applied series
# reproducible, so that "make tree && make export" changes nothing.
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-zsdf}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-zsdf@localhost}"
export GIT_COMMITTER_NAME="zsdf"
export GIT_COMMITTER_EMAIL="zsdf@localhost"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The debian packages each tool comes from.
HOST_DEPS=(build-essential:gcc bc:bc bison:bison flex:flex libelf-dev:/usr/include/libelf.h
	   libssl-dev:/usr/include/openssl/ssl.h dwarves:pahole ccache:ccache
	   qemu-system-x86:qemu-system-x86_64 busybox-static:/bin/busybox
	   cpio:cpio python3:python3 rsync:rsync)

have() {
	case $1 in
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# ensure_deps [extra "pkg:probe" ...]: install what is missing, apt-get update once.
ensure_deps() {
	local want=() d pkg probe
	for d in "${HOST_DEPS[@]}" "$@"; do
		pkg=${d%%:*} probe=${d#*:}
		have "$probe" || want+=("$pkg")
	done
	[ ${#want[@]} -eq 0 ] && return 0
	log "installing host packages: ${want[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null ||
		die "could not install: ${want[*]}"
}

ensure_base_package() {
	[ -f "$DEB_TARBALL" ] && return 0
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	log "installing $DEB_PKG"
	$sudo apt-get update -qq || true
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$DEB_PKG" >/dev/null ||
		die "cannot install the Debian package $DEB_PKG (needed for $DEB_TARBALL); install it, or set KERNEL_SRC=/path/to/a/linux-6.12.y tree"
	[ -f "$DEB_TARBALL" ] || die "$DEB_PKG is installed but $DEB_TARBALL is missing"
}

# Patches in series order.
series_patches() {
	[ -f "$PATCHES/series" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$PATCHES/series" | sed "s|^|$PATCHES/|"
}

require_tree() {
	[ -d "$TREE/.git" ] && git -C "$TREE" rev-parse -q --verify base >/dev/null ||
		die "$TREE is missing; run 'make tree' first"
}
