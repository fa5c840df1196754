# Front door: every target installs what is missing first, then drives CMake presets.
PRESET ?= default
BUILD_DIR := build
JOBS ?= $(shell nproc)

.PHONY: deps configure build demo test bench fuzz golden-update format tidy clean

deps:
	@scripts/install-deps

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The demo shows the answer, not the compiler: it builds the CLI alone (tests, benchmarks and the
# Python module wait for `make test`), and the build log goes to a file, shown only on failure.
demo: configure
	@echo "building gigasim (log: $(BUILD_DIR)/build.log) ..."
	@cmake --build --preset $(PRESET) -j $(JOBS) --target gigasim >$(BUILD_DIR)/build.log 2>&1 || { cat $(BUILD_DIR)/build.log; exit 1; }
	@$(BUILD_DIR)/gigasim plan

# The sanitizers' pass first (scripts/sanitize: unit tests under AddressSanitizer and UBSan, and a
# short run of each parser's fuzzer, in build-sanitize/), then every test; ctest's line ends it.
test: build
	@scripts/sanitize
	@ctest --preset $(PRESET) -j $(JOBS)

# Every libFuzzer harness, the HTTP API's included, for FUZZ_SECONDS each (docs/fuzzing.md).
FUZZ_SECONDS ?= 600
fuzz: deps
	@scripts/sanitize --fuzz $(FUZZ_SECONDS)

bench: build
	@$(BUILD_DIR)/bench/gigasim_bench

# Rewrites the golden outputs under tests/golden/ from the current build; review the diff before committing.
golden-update: build
	@scripts/golden-update $(BUILD_DIR)/gigasim

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: configure
	@find src -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR) build-sanitize
