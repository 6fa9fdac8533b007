#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox-static, guest/init, guest/scenarios, the
# static test programs in guest/, the series' selftest and the 6.12
# selftests that touch the changed code, from build/linux.
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
# The 6.12 selftests that touch the changed code (guest/scenarios/regress.sh),
# built unchanged against the tree's own UAPI headers.
st=$TREE/tools/testing/selftests
hdr=$BUILD/khdr
make -s -C "$TREE" O="$hdr/obj" headers_install INSTALL_HDR_PATH="$hdr" ||
	die "cannot install the UAPI headers of $TREE"
mkdir -p "$hdr/mm" && echo "/* built without liburing */" > "$hdr/mm/local_config.h"
sgcc() { gcc -O2 -static -isystem "$hdr/include" -I "$st" "$@" || die "cannot build $*"; }
sgcc -I "$hdr/mm" -o "$stage/bin/cow" "$st"/mm/{cow,vm_util,thp_settings}.c
sgcc -o "$stage/bin/test_zswap" "$st"/cgroup/{test_zswap,cgroup_util}.c
mkdir -p "$stage/selftests"
cp -r "$st/zram" "$stage/selftests/zram"
grep -v '^#' "$TOP/config/regress-known" > "$stage/selftests/known-failures" || :
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$BUILD/initramfs.cpio.gz"
log "initramfs: $BUILD/initramfs.cpio.gz"
