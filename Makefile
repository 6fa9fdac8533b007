# SPDX-License-Identifier: GPL-2.0
# Entry points of the zsmalloc deferred-free patch queue. "make help" lists them.

SHELL := /bin/bash
S := scripts

BACKEND ?= zram
REPS ?= 5
SIZE ?= 256
KERNEL_SRC ?=
export KERNEL_SRC REPS SIZE BACKEND

ifneq ($(filter-out zram zswap,$(BACKEND)),)
$(error BACKEND=$(BACKEND) is not valid: use zram or zswap)
endif
ifeq ($(shell [[ "$(REPS)" =~ ^[1-9][0-9]*$$ ]] && echo y),)
$(error REPS=$(REPS) is not valid: a positive number of repetitions)
endif
ifeq ($(shell [[ "$(SIZE)" =~ ^[1-9][0-9]*$$ ]] && echo y),)
$(error SIZE=$(SIZE) is not valid: a size in MiB)
endif

.PHONY: help tree export kernel kernel-base initramfs check bench kernelversion clean

help:
	@echo "Targets:"
	@echo "  make check        apply, checkpatch, build, boot, test; ends with 'N passed, N failed'"
	@echo "  make bench        base vs patched munmap of a swap-filled VMA, in one run"
	@echo "  make tree         build/linux: tag 'base' = pristine 6.12, HEAD = patches/ applied"
	@echo "  make export       regenerate patches/ from build/linux (base..HEAD)"
	@echo "  make kernel       build the patched guest kernel (build/kbuild/guest-patched)"
	@echo "  make kernel-base  build the unpatched guest kernel (build/kbuild/guest-base)"
	@echo "  make initramfs    build the guest initramfs"
	@echo "  make kernelversion  print the exact base version"
	@echo "  make clean        remove build/ (kernel trees, objects, logs)"
	@echo "Variables:"
	@echo "  KERNEL_SRC=DIR    use your own 6.12.y tree as the base instead of Debian's linux-source-6.12"
	@echo "  BACKEND=zram|zswap  backend for make bench (default zram)"
	@echo "  SIZE=MiB          VMA size for make bench (default 256)"
	@echo "  REPS=N            repetitions per variant for make bench (default 5)"
	@echo "  FORCE=1           let make tree discard unexported work in build/linux"
	@echo "  JOBS=N            parallel build jobs (default: nproc)"

tree:
	@$(S)/tree.sh

export:
	@$(S)/export.sh

kernel:
	@$(S)/kernel.sh patched

kernel-base:
	@$(S)/kernel.sh base

initramfs:
	@$(S)/initramfs.sh

kernelversion:
	@$(S)/version.sh

check:
	@$(S)/check.sh

bench:
	@$(S)/bench.sh

clean:
	rm -rf build
