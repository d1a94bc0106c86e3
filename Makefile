# Thin wrapper over CMake: the two commands README.md opens with.
#   make run    the suite against the embedded reference stack (HTML report)
#   make test   unit tests, corpus replays and interop checks
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all deps build test run asan clean format format-check

all: build

# Build and test dependencies, the real SIP peers the interop tests run
# (SIPp, Kamailio) and the peer parsers the benchmark compares against.
deps:
	@scripts/install-deps.sh --interop --bench

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

run: build
	@scripts/run-main.sh $(BUILD)

# The sanitizer build CI runs: clang, ASan+UBSan, same tests.
asan:
	@scripts/install-deps.sh
	@CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSIPVET_SANITIZE=ON -DSIPVET_BENCH=OFF >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(JOBS)

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-afl
