#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox-static, guest/init, guest/scenarios, the
# static test programs in guest/, and the series' selftests from build/linux.
# Output: build/initramfs.cpio.gz
. "$(dirname "$0")/lib.sh"
ensure_deps

stage=$BUILD/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,etc,scenarios}
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 755 "$TOP/guest/init" "$stage/init"
cp "$TOP"/guest/scenarios/*.sh "$stage/scenarios/"
for c in "$TOP"/guest/*.c; do
	[ -e "$c" ] || continue
	gcc -O2 -Wall -Werror -static -o "$stage/bin/$(basename "$c" .c)" "$c" ||
		die "cannot build $c"
done
# The series' selftest, built from the patched tree; it runs on either kernel.
src=$TREE/tools/testing/selftests/mm/zsmalloc_munmap.c
[ -f "$src" ] || die "$src is missing: the series provides it (run 'make tree')"
gcc -O2 -Wall -Werror -static -o "$stage/bin/zsmalloc_munmap" "$src" ||
	die "cannot build $src"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$BUILD/initramfs.cpio.gz"
log "initramfs: $BUILD/initramfs.cpio.gz"
