# SPDX-License-Identifier: GPL-2.0
# Entry points of the zsmalloc deferred-free patch queue. "make help" lists them.

SHELL := /bin/bash
S := scripts

BACKEND ?= all
# empty: each script's default, or QUICK=1's; set, they win over both
REPS ?=
ROUNDS ?= 1
QUICK ?= 0
RESUME ?= 0
SIZES ?=
PROCS ?=
KERNEL_SRC ?=
DURATION ?= 480
STRESS ?= 8
MODE ?= icount
FLAVOUR ?= guest

numbers = $(shell for n in $(1); do [[ "$$n" =~ ^[1-9][0-9]*$$ ]] || echo bad; done)
ifneq ($(filter-out zram zswap all,$(BACKEND))$(word 2,$(BACKEND)),)
$(error BACKEND=$(BACKEND) is not valid: use zram, zswap or all)
endif
ifneq ($(call numbers,$(REPS) $(ROUNDS))$(if $(strip $(REPS)),$(word 2,$(REPS))),)
$(error REPS=$(REPS) ROUNDS=$(ROUNDS): each must be a positive number)
endif
ifneq ($(call numbers,$(SIZES)),)
$(error SIZES=$(SIZES) is not valid: sizes in MiB, separated by spaces)
endif
ifneq ($(call numbers,$(PROCS))$(filter-out 1 2 3 4 5 6 7 8,$(PROCS)),)
$(error PROCS=$(PROCS) is not valid: process counts from 1 to 8)
endif
ifneq ($(filter-out 0 1,$(QUICK))$(word 2,$(QUICK)),)
$(error QUICK=$(QUICK) is not valid: 0 or 1)
endif
ifneq ($(filter-out 0 1,$(RESUME))$(word 2,$(RESUME)),)
$(error RESUME=$(RESUME) is not valid: 0 or 1)
endif
BACKENDS := $(if $(filter all,$(BACKEND)),zram zswap,$(BACKEND))
ifneq ($(filter-out wall icount,$(MODE))$(word 2,$(MODE)),)
$(error MODE=$(MODE) is not valid: wall or icount)
endif
ifeq ($(wildcard config/$(FLAVOUR).list),)
$(error FLAVOUR=$(FLAVOUR) is not valid: no config/$(FLAVOUR).list)
endif
ifneq ($(FLAVOUR),guest)
ifneq ($(MODE)$(filter-out bench,$(MAKECMDGOALS)),icount)
$(error FLAVOUR=$(FLAVOUR) applies to make bench MODE=icount only)
endif
endif
ifneq ($(call numbers,$(DURATION)),)
$(error DURATION=$(DURATION) is not valid: a number of seconds)
endif
ifneq ($(STRESS),0)
ifneq ($(call numbers,$(STRESS)),)
$(error STRESS=$(STRESS) is not valid: seconds per stress case in make check, 0 to skip)
endif
endif
export MODE FLAVOUR KERNEL_SRC DURATION STRESS REPS ROUNDS QUICK RESUME SIZES PROCS BACKENDS PROFILE ABLATION

.PHONY: help tree export kernel kernel-base initramfs check bench pressure stress kernelversion clean

help:
	@echo "Targets:"
	@echo "  make check        apply, checkpatch, build, boot, test; ends with 'N passed, N failed'"
	@echo "  make bench        base vs patched munmap of a swap-filled VMA, in one run"
	@echo "                    (MODE=icount: deterministic, instructions counted, ~15 min)"
	@echo "  make pressure     kill-then-allocate in a memory cgroup on zswap: base vs patched, on and off"
	@echo "  make stress       the stress matrix on the debug kernel (DURATION=seconds, default 480)"
	@echo "  make tree         build/linux: tag 'base' = pristine 6.12, HEAD = patches/ applied"
	@echo "  make export       regenerate patches/ from build/linux (base..HEAD)"
	@echo "  make kernel       build the patched guest kernel (build/kbuild/guest-patched)"
	@echo "  make kernel-base  build the unpatched guest kernel (build/kbuild/guest-base)"
	@echo "  make initramfs    build the guest initramfs"
	@echo "  make kernelversion  print the exact base version"
	@echo "  make clean        remove build/ (kernel trees, objects, logs)"
	@echo "Variables:"
	@echo "  KERNEL_SRC=DIR    use your own 6.12.y tree as the base instead of Debian's linux-source-6.12"
	@echo "  BACKEND=zram|zswap|all  backends for make bench (default all)"
	@echo "  SIZES=\"64 256\"    VMA sizes in MiB for make bench (MODE=wall default 64 128 256 512 1024;"
	@echo "                    MODE=icount default 64 256)"
	@echo "  PROCS=\"1 3\"       processes exiting at once (default 1 2 3)"
	@echo "  REPS=N            repetitions per variant (default: MODE=wall 9, MODE=icount 5)"
	@echo "  ROUNDS=N          boots per kernel and size, alternating the kernels (default 1)"
	@echo "  RESUME=1          make bench reuses the boots a stopped run completed"
	@echo "  QUICK=1           reduced matrix: 64 and 256 MiB, 1 and 3 processes, no EXTRAS, no PROFILE, no ABLATION"
	@echo "                    (MODE=wall; SIZES, PROCS, REPS and the others, if given, win over it)"
	@echo "  PROFILE=0|1       make bench's function-profiler cost attribution (default 1)"
	@echo "  ABLATION=0|1      make bench's ablation kernel, bench/variants/ablation/ (default 1)"
	@echo "  EXTRAS=\"kill swapin\"  make bench's kill-path and swap-in runs (default both; \"\" for none)"
	@echo "  FLAVOUR=release   make bench MODE=icount with kernels built as distributions build them"
	@echo "                    (-O2, jump labels: config/release.list); writes results/icount-release.*"
	@echo "  PRESSURE_REPS=N   make pressure's repetitions per variant (default 9)"
	@echo "  PRESSURE_SMP=\"2 1\" make pressure's vCPU counts (default both)"
	@echo "  STRESS=N          seconds per stress case in make check (default 8, 0: none)"
	@echo "  DURATION=N        seconds of make stress in all (default 480)"
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
ifeq ($(MODE),icount)
	@$(S)/icount.sh
else
	@$(S)/bench.sh
endif

pressure:
	@$(S)/pressure.sh

stress:
	@$(S)/stress.sh

clean:
	rm -rf build
