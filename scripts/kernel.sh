#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build a guest kernel: kernel.sh patched|base|VARIANT [FLAVOUR]
# FLAVOUR picks the config fragments (config/<flavour>.list, default "guest").
# Output: build/kbuild/<flavour>-<which>/arch/x86/boot/bzImage (ccache, incremental);
# TARGETS="..." builds other make targets instead (objects, vmlinux, modules);
# MAKEFLAGS_EXTRA="W=1 C=2" adds make variables.
. "$(dirname "$0")/lib.sh"

which=${1:-patched}
flavour=${2:-guest}
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

# shellcheck disable=SC2086 # MAKEFLAGS_EXTRA is a list of words
kmake() { make -s -C "$src" O="$out" CC="ccache gcc" HOSTCC="ccache gcc" ${MAKEFLAGS_EXTRA:-} "$@"; }

# Regenerate .config only when the fragments (or the tree's Kconfig) change.
stamp=$( (cat "${frags[@]}"; git -C "$src" ls-files -z -- '*Kconfig*' | (cd "$src" && xargs -0 cat)) | sha1sum | cut -d' ' -f1)
if [ "$(cat "$out/.config.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$out/.config" ]; then
	log "configuring $out (tinyconfig + ${frags[*]##*/})"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${frags[@]}" >"$out/merge.log" 2>&1
	kmake olddefconfig >/dev/null
	# The last word on every symbol must survive (symbols the tree lacks excepted).
	declare -A want=()
	while read -r line; do
		case $line in
		CONFIG_*=*) want[${line%%=*}]=$line ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; want[${sym%% *}]=$line ;;
		esac
	done < <(cat "${frags[@]}")
	missing=0
	for sym in "${!want[@]}"; do
		line=${want[$sym]}
		if [[ $line == "#"* ]]; then
			grep -q "^$sym=" "$out/.config" || continue
		else
			grep -qx "$line" "$out/.config" && continue
		fi
		if grep -rqsE "^(menu)?config ${sym#CONFIG_}\$" --include='Kconfig*' "$src"; then
			echo "config: '$line' requested, but $out/.config differs" >&2
			missing=1
		fi
	done
	[ "$missing" = 0 ] || die "config fragments did not apply (see above)"
	echo "$stamp" > "$out/.config.stamp"
fi

targets=${TARGETS:-bzImage}
log "building $which kernel ($flavour): $targets"
start=$(date +%s)
# shellcheck disable=SC2086 # targets is a list of words
if ! kmake -j"$JOBS" $targets >"$out/build.log" 2>&1; then
	tail -40 "$out/build.log" >&2
	die "$which kernel build failed (log: $out/build.log)"
fi
log "$which kernel ($flavour) built in $(( $(date +%s) - start ))s"
