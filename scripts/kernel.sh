#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build a guest kernel: kernel.sh patched|base|VARIANT [FLAVOUR]
# FLAVOUR picks the config fragments (config/<flavour>.list, default "guest").
# Output: build/kbuild/<flavour>-<which>/arch/x86/boot/bzImage (ccache, incremental).
. "$(dirname "$0")/lib.sh"

which=${1:-patched}
flavour=${2:-${FLAVOUR:-guest}}
case $which in
patched) src=$TREE ;;
base) src=$BASE_TREE ;;
*) src=$BUILD/linux-$which
   [ -e "$src/.git" ] || die "usage: kernel.sh patched|base|VARIANT [flavour] (no $src)" ;;
esac
list=$TOP/config/$flavour.list
[ -f "$list" ] || die "unknown kernel flavour '$flavour' (no config/$flavour.list)"
require_tree
ensure_deps

out=$BUILD/kbuild/$flavour-$which
mkdir -p "$out" "$LOGS"
frags=()
while read -r f; do
	case $f in ''|'#'*) continue ;; esac
	frags+=("$TOP/config/$f")
done < "$list"

kmake() { make -s -C "$src" O="$out" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

# Regenerate .config only when the fragments (or the tree's Kconfig) change.
stamp=$( (cat "${frags[@]}"; git -C "$src" ls-files -z -- '*Kconfig*' | (cd "$src" && xargs -0 cat)) | sha1sum | cut -d' ' -f1)
if [ "$(cat "$out/.config.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$out/.config" ]; then
	log "configuring $out (tinyconfig + ${frags[*]##*/})"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${frags[@]}" >"$out/merge.log" 2>&1
	kmake olddefconfig >/dev/null
	# Every fragment line must survive (symbols the base lacks excepted).
	missing=0
	for f in "${frags[@]}"; do
		while read -r line; do
			case $line in CONFIG_*=*) ;; *) continue ;; esac
			sym=${line%%=*}
			grep -qx "$line" "$out/.config" && continue
			if grep -rqs "^config ${sym#CONFIG_}\$" --include='Kconfig*' "$src"; then
				echo "config: $line requested but not set in $out/.config" >&2
				missing=1
			fi
		done < "$f"
	done
	[ "$missing" = 0 ] || die "config fragments did not apply (see above)"
	echo "$stamp" > "$out/.config.stamp"
fi

log "building $which kernel ($flavour) in $out"
start=$(date +%s)
if ! kmake -j"$JOBS" bzImage >"$out/build.log" 2>&1; then
	tail -40 "$out/build.log" >&2
	die "$which kernel build failed (log: $out/build.log)"
fi
log "$which kernel ($flavour) built in $(( $(date +%s) - start ))s"
