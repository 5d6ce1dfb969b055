# Builds sparselaw, runs it, installs it. GSL (libgsl-dev) is installed first when pkg-config
# cannot find it, with sudo when not root.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Where `install` puts the tool: PREFIX/bin, PREFIX/share/man, PREFIX/share/<shell> completions;
# DESTDIR is prepended for staged installs. SCRATCH is the build folder.
PREFIX ?= /usr/local
DESTDIR ?=
SCRATCH ?= .build
BIN := $(SCRATCH)/release/sparselaw
MANUAL := $(SCRATCH)/manual/sparselaw.1
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share
INSTALLED := $(BINDIR)/sparselaw $(SHAREDIR)/man/man1/sparselaw.1 \
	$(SHAREDIR)/bash-completion/completions/sparselaw $(SHAREDIR)/zsh/site-functions/_sparselaw \
	$(SHAREDIR)/fish/vendor_completions.d/sparselaw.fish

.PHONY: deps build manual install uninstall notebook-deps python-env python-test demo imports test asan tsan sanitize fuzz figures render-check clean

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists gsl; then \
		echo "Installing GSL (libgsl-dev) and pkg-config..."; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	fi

# The release binary, with the Swift standard library and Foundation linked in statically, so
# that it runs where no Swift toolchain is installed; GSL stays a shared system library.
build: deps
	$(SWIFT) build -c release --product sparselaw --static-swift-stdlib --scratch-path $(SCRATCH)

# The man page, made by swift-argument-parser's generate-manual tool from the parser's own
# description of the commands. The tool is run on the release binary directly: its package
# plugin would first rebuild the whole package in its own configuration (without the static
# standard library), recompiling everything and replacing the binary. `generate-manual --help`
# has SwiftPM build the plugin's tool, and nothing else.
manual: build
	$(SWIFT) package --scratch-path $(SCRATCH) generate-manual --help >/dev/null
	@tool=$$(ls $(SCRATCH)/debug/generate-manual-tool $(SCRATCH)/debug/generate-manual 2>/dev/null | head -n 1); \
	test -n "$$tool" || { echo "generate-manual was not built in $(SCRATCH)/debug"; exit 1; }; \
	rm -rf $(SCRATCH)/manual && mkdir -p $(SCRATCH)/manual && \
	date=$$(git log -1 --format=%cs 2>/dev/null || true); \
	$$tool $(BIN) --output-directory $(SCRATCH)/manual $${date:+--date $$date} >/dev/null
	@test -s $(MANUAL) || { echo "no manual was written to $(MANUAL)"; exit 1; }

install: build manual
	install -d $(BINDIR) $(SHAREDIR)/man/man1 $(SHAREDIR)/bash-completion/completions \
		$(SHAREDIR)/zsh/site-functions $(SHAREDIR)/fish/vendor_completions.d
	install -m 755 -s $(BIN) $(BINDIR)/sparselaw
	install -m 644 $(MANUAL) $(SHAREDIR)/man/man1/sparselaw.1
	$(BIN) --generate-completion-script bash > $(SHAREDIR)/bash-completion/completions/sparselaw
	$(BIN) --generate-completion-script zsh > $(SHAREDIR)/zsh/site-functions/_sparselaw
	$(BIN) --generate-completion-script fish > $(SHAREDIR)/fish/vendor_completions.d/sparselaw.fish
	@echo "installed $(BINDIR)/sparselaw"

uninstall:
	rm -f $(INSTALLED)

demo: build
	@mkdir -p out
	$(BIN) fit data/example-runs.csv --output out/example-law.json
	$(BIN) optimal --law out/example-law.json --params 50M --compute 1e20
	$(BIN) contours --law out/example-law.json --params 1e6:1e10 --svg out/example-contours.svg --csv out/example-contours.csv

# The stages' imports against the manifest: a file that imports a target its own target does not
# declare is an error, so data keep flowing one way (docs/architecture.md).
imports: deps
	$(SWIFT) build --explicit-target-dependency-import-check error

# The Python package's tests first (they make the virtual environment the notebook test of the
# Swift suite runs its snippet in), then the Swift suite.
test: imports python-test
	$(SWIFT) test

# The Python package (python/, `import sparselaw`) in a fresh virtual environment under
# .build-python (ignored by git): `pip install ./python` with pandas, numpy and pytest from PyPI.
# Fresh each time, so that what is tested is what `pip install ./python` gives a new user.
PYTHON ?= python3
PYTHON_ENV := .build-python/venv
python-env:
	rm -rf $(PYTHON_ENV)
	$(PYTHON) -m venv $(PYTHON_ENV)
	$(PYTHON_ENV)/bin/python -m pip install --quiet --disable-pip-version-check ./python pandas numpy pytest

# python/tests against the debug binary that `swift build` makes (SPARSELAW names it).
python-test: deps python-env
	$(SWIFT) build --product sparselaw
	SPARSELAW=$(CURDIR)/.build/debug/sparselaw $(PYTHON_ENV)/bin/python -m pytest -q python

# What the test of docs/notebook.md's snippet runs it with: the package's environment.
notebook-deps: python-env

# The whole suite under AddressSanitizer; the parallel bootstrap under ThreadSanitizer. Leak
# detection is off: it reports one-time allocations of XCTest, Foundation and ArgumentParser at
# exit, outside this project's code; memory errors still fail the run. The test of `make install`
# (a release build of its own) runs once, in `make test`, not again here.
asan: deps
	SPARSELAW_SKIP_INSTALL_TEST=1 ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

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
	rm -rf .build .build-asan .build-tsan .build-fuzz .build-install .build-python out
