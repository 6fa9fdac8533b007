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
# Each with the optimisation its own Makefile uses: mm/ builds with -O2,
# cgroup/ without, and test_zswap depends on that: its allocate_bytes()
# writes to memory it then frees without reading, stores that -O2 removes,
# so that nothing would be charged, swapped or written back, and
# test_zswap_usage and test_no_invasive_cgroup_shrink would fail on any
# kernel.
sgcc() { gcc -static -isystem "$hdr/include" -I "$st" "$@" || die "cannot build $*"; }
sgcc -O2 -I "$hdr/mm" -o "$stage/bin/cow" "$st"/mm/{cow,vm_util,thp_settings}.c
sgcc -pthread -o "$stage/bin/test_zswap" "$st"/cgroup/{test_zswap,cgroup_util}.c
mkdir -p "$stage/selftests"
cp -r "$st/zram" "$stage/selftests/zram"
grep -v '^#' "$TOP/config/regress-known" > "$stage/selftests/known-failures" || :
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$BUILD/initramfs.cpio.gz"
log "initramfs: $BUILD/initramfs.cpio.gz"
