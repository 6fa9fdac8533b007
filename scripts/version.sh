#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prints the exact base kernel version: "make kernelversion" and where it came from.
. "$(dirname "$0")/lib.sh"
require_tree
kv=$(make -s -C "$BASE_TREE" kernelversion 2>/dev/null || make -s -C "$TREE" kernelversion)
src=$(cat "$BUILD/base-source" 2>/dev/null || echo unknown)
case $src in
deb:*) echo "base: Linux $kv from Debian $DEB_PKG ${src#deb:}" ;;
dir:*) echo "base: Linux $kv from KERNEL_SRC=${src#dir:}" ;;
*) echo "base: Linux $kv" ;;
esac
