# Suture top-level Makefile.  See README.rst.
#   make            tools (kpatch-build/, cli/) and suture.ko for the target kernel
#   make check      every test (TAP), ends with "N passed, N failed"
#   make check-matrix  kernel-side areas on every Debian 12 kernel flavour
#   make check-debug   kernel-side areas and stress on a lockdep + KASAN +
#                   UBSAN + KFENCE build of the reference kernel
#   make check-smoke   a smoke subset on every kernel but the reference
#   make demo       build examples/ patch, show it live in a VM
#   make bench      benchmarks, figures and ratios against a baseline
#   make fuzz       longer fuzzing of the ELF reader, the differ, and the
#                   CLI's module reader
#   make core SIGN_KEY=KEY SIGN_CERT=CERT   suture.ko, signed
#   make sign       sign suture.ko (SIGN_KEY/SIGN_CERT, else the DKMS MOK)
#   make format / make lint
#   make install [DESTDIR=...] / make deb

SHELL := /bin/bash
TOP := $(CURDIR)
KREL ?= $(shell SUTURE_KERNEL=$(SUTURE_KERNEL) $(TOP)/contrib/target-release 2>/dev/null)
KDIR ?= /lib/modules/$(KREL)/build
export KREL KDIR

.PHONY: all deps tools core sign check check-matrix check-smoke check-debug \
	demo bench fuzz format lint install deb clean

all: tools core

deps:
	@$(TOP)/contrib/install-deps

tools: deps
	$(MAKE) -C kpatch-build
	$(MAKE) -C cli

# suture.ko: kmod/core + consistency, one module, built by Kbuild (see ./Kbuild)
# (under the checkout's test lock, test/lib/core.sh checkout_lock: a test
# run for another kernel must not find its suture.ko rebuilt under it)
core: deps
	@KREL=$$($(TOP)/contrib/target-release) && \
	flock -n -E 75 $(TOP) $(MAKE) -C /lib/modules/$$KREL/build M=$(TOP) \
		modules; rc=$$?; [ $$rc != 75 ] || echo "make: a test run" \
		"is using this checkout's suture.ko: wait for it, or build in" \
		"a worktree of your own (git worktree add)" >&2; exit $$rc
	@if [ -n "$(SIGN_KEY)" ]; then \
		SIGN_KEY="$(SIGN_KEY)" SIGN_CERT="$(SIGN_CERT)" \
		$(TOP)/contrib/sign-module $(TOP)/suture.ko; fi

# sign suture.ko: SIGN_KEY/SIGN_CERT, else the DKMS MOK (contrib/sign-module)
sign: core
	SIGN_KEY="$(SIGN_KEY)" SIGN_CERT="$(SIGN_CERT)" \
		$(TOP)/contrib/sign-module $(TOP)/suture.ko

# CHECK_AREAS: a subset of test/run-all's areas (default: all of them)
check: all
	$(TOP)/test/run-all $(CHECK_AREAS)

# vm, selftests, consistency on each kernel of contrib/matrix-kernels
# (installed first), then the suture-dkms package test
check-matrix: all
	@$(TOP)/contrib/install-deps --matrix
	$(TOP)/test/run-matrix

# the debug kernel (contrib/build-debug-kernel, built once into the cache:
# long), then vm, selftests, consistency, stress and integration patches on it
check-debug: all
	$(TOP)/test/check-debug $(CHECK_AREAS)

# selftests, consistency (both models), 3 integration patches (one needs
# module autoload) on each kernel of the matrix but the reference
check-smoke: all
	@$(TOP)/contrib/install-deps --matrix
	$(TOP)/test/run-matrix --smoke

demo: all
	$(TOP)/examples/demo

bench: all
	$(TOP)/bench/run

fuzz: deps
	$(MAKE) -C kpatch-build fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-600}
	$(MAKE) -C cli fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-600}

# test/unit/differ holds differ inputs whose exact layout (lines) matters
C_SOURCES = $(shell git ls-files '*.c' '*.h' ':!test/unit/differ/**')
SH_SOURCES = $(shell git ls-files | xargs -r grep -lE '^\#!(/bin/|/usr/bin/env )(ba)?sh' 2>/dev/null)

format:
	clang-format -i $(C_SOURCES)

lint:
	clang-format --dry-run --Werror $(C_SOURCES)
	shellcheck -x $(SH_SOURCES)
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--suppress=missingIncludeSystem --suppress=unusedFunction \
		-I kpatch-build/elf -I kpatch-build/differ \
		-I kpatch-build/generator -I kpatch-build/fuzz \
		kpatch-build
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--suppress=missingIncludeSystem --suppress=unusedFunction cli

install: all
	$(TOP)/contrib/install-files "$(DESTDIR)"

deb: all
	$(TOP)/contrib/build-deb
	$(TOP)/contrib/build-dkms-deb

clean:
	-$(MAKE) -C kpatch-build clean
	-$(MAKE) -C cli clean
	-@KREL=$$($(TOP)/contrib/target-release) && \
	$(MAKE) -C /lib/modules/$$KREL/build M=$(TOP) clean
	rm -rf build
