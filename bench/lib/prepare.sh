# Sourced by bench/compare and bench/scaling: moves to the repository root, makes sure numpy and
# scipy import (installing them with pip when they do not), and builds the release binary when it
# is missing. Honors PYTHON (default python3) and SPARSELAW (default .build/release/sparselaw).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
cd "$REPO_DIR"

PYTHON="${PYTHON:-python3}"
export SPARSELAW="${SPARSELAW:-$REPO_DIR/.build/release/sparselaw}"

if ! "$PYTHON" -c 'import numpy, scipy' 2>/dev/null; then
    echo "numpy or scipy missing: installing them with pip" >&2
    "$PYTHON" -m pip install --quiet numpy scipy
fi

if [ ! -x "$SPARSELAW" ]; then
    echo "building the release binary ($SPARSELAW)" >&2
    swift build -c release --product sparselaw
fi
