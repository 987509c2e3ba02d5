# SPDX-License-Identifier: Apache-2.0
# cai — the two commands a user needs are `make run` and `make test`.
# Everything else is plumbing around CMake/CTest.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
AN521_BUILD ?= build-an521
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
FUZZ_SECONDS ?= 300
CTEST      = ctest --output-on-failure --no-tests=error
# Each stage keeps its CTest output (for the closing summary) and still fails
# the build when a test fails.
SHELL      := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: an521 run-an521 deps-target all build install run test test-release test-asan test-fuzz fuzz bench clean deps deps-test format format-check

all: build

deps:
	@scripts/deps.sh run
deps-test:
	@scripts/deps.sh test

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Installs the programs, libcai-client with its headers, pkg-config and CMake
# package files, systemd units, man pages, completion, model and docs
# (docs/packaging.md); DESTDIR is honoured. Builds only what it installs.
PREFIX ?= /usr/local
install:
	@scripts/deps.sh install
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j $(JOBS) --target cai_package
	cmake --install $(BUILD) --prefix $(PREFIX)

# Boots the secure side (cai-spe) and opens the non-secure shell. The SPE
# keeps running after the shell exits, like a board's secure image;
# `build/bin/cai spe stop` stops it.
run: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target cai cai-spe cai-model cai-cloud
	$(BUILD)/bin/cai

# The an521 firmware (docs/an521.md): the secure and non-secure images for
# QEMU mps2-an521, cross-built in their own configuration.
deps-target:
	@scripts/deps.sh target

$(AN521_BUILD)/CMakeCache.txt:
	cmake -S . -B $(AN521_BUILD) -DCMAKE_BUILD_TYPE=Release -DCAI_PLATFORM=an521 \
	  -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-none-eabi.cmake

an521: deps-target $(AN521_BUILD)/CMakeCache.txt
	cmake --build $(AN521_BUILD) -j $(JOBS) --target cai-s.elf cai-ns.elf an521-size

# Boots both images in QEMU; the shell is on this terminal. `exit` stops the
# emulation (Ctrl-A X too). AN521_HUK=FILE pins the HUK with a provisioning
# blob (docs/an521.md), else the secure image does dummy provisioning.
run-an521: an521
	scripts/run-an521.sh $(AN521_BUILD)/bin

# Unit, end-to-end, vector and oracle tests on the release build, then the
# same suite under ASan+UBSan, then a short run of every fuzz target.
test: deps-test
	$(MAKE) test-release test-asan test-fuzz
	@scripts/test-summary.sh $(BUILD)/ctest.log $(ASAN_BUILD)/ctest.log $(FUZZ_BUILD)/ctest.log

test-release: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && $(CTEST) -LE 'fuzz|bench' 2>&1 | tee ctest.log
	@scripts/vector-report.sh $(BUILD)/Testing/Temporary/LastTest.log

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCAI_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(CTEST) -LE 'fuzz|bench|no-asan' 2>&1 | tee ctest.log

test-fuzz:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCAI_FUZZ=ON -DCAI_FUZZ_SECONDS=15 $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	cd $(FUZZ_BUILD) && $(CTEST) -L fuzz 2>&1 | tee ctest.log

# Longer fuzzing session: FUZZ_SECONDS per target.
fuzz: deps-test
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCAI_FUZZ=ON -DCAI_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	cd $(FUZZ_BUILD) && $(CTEST) -L fuzz

bench: deps-test build
	cd $(BUILD) && $(CTEST) -L bench -V

# One code style for the whole tree (.clang-format); format-check also runs in
# `make test` (test format.check).
format:
	@scripts/format.sh
format-check:
	@scripts/format.sh --check

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
