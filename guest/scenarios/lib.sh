# SPDX-License-Identifier: GPL-2.0
# Helpers for the scenarios. A scenario runs in a subshell and writes its exit
# status to /tmp/rc (0 = pass); TAP lines it prints are nested subtests.

result() { echo "$1" > /tmp/rc; }

zram_on() {
	[ -e /sys/block/zram0 ] || { echo "# no /sys/block/zram0"; return 1; }
	echo 1 > /sys/block/zram0/reset
	echo "${ZRAM_COMP:-lzo-rle}" > /sys/block/zram0/comp_algorithm
	echo "${1:-1G}" > /sys/block/zram0/disksize
	mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
}

zram_off() {
	swapoff /dev/zram0 && echo 1 > /sys/block/zram0/reset
}

zswap_on() {
	[ -b /dev/vda ] || { echo "# no /dev/vda (the swap disk zswap needs)"; return 1; }
	echo 1 > /sys/module/zswap/parameters/enabled
	mkswap /dev/vda >/dev/null && swapon /dev/vda
}

zswap_off() {
	swapoff /dev/vda
	echo 0 > /sys/module/zswap/parameters/enabled
}
