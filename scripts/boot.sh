#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a guest kernel under QEMU and run scenarios:
#   boot.sh KERNEL_IMAGE LOGNAME "scenario,scenario" [extra kernel args]
# The console log goes to build/logs/LOGNAME.log. TIMEOUT (seconds, default
# 900) bounds the boot; MEM (default 2G) sizes the guest; SMP (default 2).
# ICOUNT=N runs the guest deterministically: QEMU counts instructions
# (-icount shift=N,sleep=off, one host thread), so the guest's clocks show
# 2^N ns per instruction and idle time is skipped. Boots of different
# kernels then compare directly, whatever else the host is doing.
# QEMU_EXTRA adds QEMU options (such as a TCG plugin, see insnprof.sh).
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: boot.sh KERNEL_IMAGE LOGNAME TESTS [kernel args]"
image=$1 name=$2 tests=$3 extra=${4:-}
[ -f "$image" ] || die "no kernel image $image"
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs; run scripts/initramfs.sh"
mkdir -p "$LOGS"
log_file=$LOGS/$name.log
disk=$BUILD/swapdisk.img
[ -f "$disk" ] || truncate -s 4G "$disk"

# KVM only where a guest really boots with it (here -cpu host aborts and TCG
# is what works); the probe's answer is kept in build/kvm-probe.
accel() {
	local probe=$BUILD/kvm-probe
	if [ ! -f "$probe" ]; then
		echo no > "$probe"
		if [ -w /dev/kvm ] && [ "${NO_KVM:-0}" != 1 ]; then
			if timeout 20 qemu-system-x86_64 -accel kvm -cpu host -smp 2 -m 512M \
				-display none -monitor none -serial stdio -no-reboot \
				-kernel "$image" -initrd "$BUILD/initramfs.cpio.gz" \
				-append "console=ttyS0 panic=-1 kunit.enable=0 tests=" \
				</dev/null 2>&1 | grep -q 'guest: end of tests'; then
				echo yes > "$probe"
			fi
		fi
	fi
	if [ "$(cat "$probe")" = yes ]; then
		echo "-accel kvm -cpu host"
	else
		echo "-accel tcg,thread=multi -cpu max"
	fi
}

if [ -n "${ICOUNT:-}" ]; then
	[[ $ICOUNT =~ ^[0-9]$ ]] || die "ICOUNT=$ICOUNT: a shift from 0 to 9"
	acc="-accel tcg -cpu max -icount shift=$ICOUNT,sleep=off"
else
	acc=$(accel)
fi
log "booting $name ($acc, ${SMP:-2} CPUs, ${MEM:-2G}): $tests"
# pci=noacpi: PCI interrupts are routed from the firmware's $PIR table, not
# by evaluating ACPI _PRT. Under emulation the debug kernel's ACPI
# interpreter can take longer than its 30 s loop limit on _PRT; the virtio
# disk then has no interrupt and the guest would wait until the timeout.
# Such a boot is stopped at once.
set +e
timeout "${TIMEOUT:-900}" qemu-system-x86_64 $acc -smp "${SMP:-2}" -m "${MEM:-2G}" \
	-display none -monitor none -serial stdio -no-reboot ${QEMU_EXTRA:-} \
	-kernel "$image" -initrd "$BUILD/initramfs.cpio.gz" \
	-drive "file=$disk,format=raw,if=virtio,cache=unsafe" \
	-append "console=ttyS0 panic=-1 oops=panic pci=noacpi tests=$tests $extra" \
	</dev/null >"$log_file" 2>&1 &
pid=$!
booted=0 stopped=0
while [ $booted = 0 ] && kill -0 $pid 2>/dev/null; do
	sleep 2
	if grep -q "can't derive routing for PCI INT" "$log_file"; then
		kill $pid
		stopped=1
		break
	fi
	grep -q "Run /init as init process" "$log_file" && booted=1
done
wait $pid
rc=$?
set -e
[ $stopped = 1 ] && echo "boot: no interrupt for a PCI device; stopped" >>"$log_file"
[ $rc -eq 124 ] && echo "boot: timed out after ${TIMEOUT:-900}s" >>"$log_file"
exit 0
