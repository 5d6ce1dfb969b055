# Builds sparselaw and runs it. GSL (libgsl-dev) is installed first when pkg-config cannot find
# it, with sudo when not root.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
BIN := .build/release/sparselaw

.PHONY: deps build demo test asan tsan sanitize fuzz figures render-check clean

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists gsl; then \
		echo "Installing GSL (libgsl-dev) and pkg-config..."; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product sparselaw

demo: build
	@mkdir -p out
	$(BIN) fit data/example-runs.csv --output out/example-law.json
	$(BIN) optimal --law out/example-law.json --params 50M --compute 1e20
	$(BIN) contours --law out/example-law.json --params 1e6:1e10 --svg out/example-contours.svg --csv out/example-contours.csv

test: deps
	$(SWIFT) test

# The whole suite under AddressSanitizer; the parallel bootstrap under ThreadSanitizer. Leak
# detection is off: it reports one-time allocations of XCTest, Foundation and ArgumentParser at
# exit, outside this project's code; memory errors still fail the run.
asan: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

tsan: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter 'UncertaintyTests|FitUncertaintyCommandTests'

sanitize: asan tsan

# libFuzzer on the reader and the --column expression language, for FUZZ_SECONDS, starting from
# the corpus in Tests/FuzzCorpus (new inputs go to a scratch copy, not the repository). The target
# is instrumented by hand and linked with libFuzzer's no-main runtime, since SwiftPM supplies
# every executable's main itself.
FUZZ_SECONDS ?= 60
FUZZ_RUNTIME := $(firstword $(wildcard $(dir $(realpath $(shell command -v $(SWIFT) 2>/dev/null)))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))

fuzz: deps
	@test -n "$(FUZZ_RUNTIME)" || { echo "libFuzzer's runtime (libclang_rt.fuzzer_no_main) was not found beside the Swift toolchain"; exit 1; }
	$(SWIFT) build -c release --product SparseLawFuzz --scratch-path .build-fuzz \
		-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
		-Xswiftc -DFUZZING -Xlinker $(FUZZ_RUNTIME) -Xlinker -lstdc++
	rm -rf .build-fuzz/corpus && mkdir -p .build-fuzz/corpus && cp Tests/FuzzCorpus/* .build-fuzz/corpus/
	.build-fuzz/release/SparseLawFuzz .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1

# docs/figures from the anchor data sets beside the checkout and the presets, with a screenshot
# of each from headless Chromium (Debian: apt-get install chromium; not installed here, it is
# large). render-check: every figure's text checked in the renderer's own font, and its size.
ANCHORS ?= ../shared/anchors
CHROMIUM ?= chromium

figures: build
	bash docs/figures/make-figures.sh $(BIN) $(ANCHORS) $(CHROMIUM)

render-check: deps
	CHROMIUM=$$(command -v $(CHROMIUM)) $(SWIFT) test --filter 'FigureRenderTests|FigureLayoutTests'

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz out
