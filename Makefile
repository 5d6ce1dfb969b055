# Builds sparselaw and runs it. GSL (libgsl-dev) is installed first when pkg-config cannot find
# it, with sudo when not root.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
BIN := .build/release/sparselaw

.PHONY: deps build demo test clean

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

clean:
	rm -rf .build out
