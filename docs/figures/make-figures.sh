#!/usr/bin/env bash
# Regenerates docs/figures: the fit and contour figures on the T5, ViT and Chinchilla anchor data
# sets, the contour figures of the T5/C4 preset under both cost models, the planning figures, and
# a PNG screenshot of each from headless Chromium (after-NAME.png).
# Usage: docs/figures/make-figures.sh SPARSELAW ANCHORS [CHROMIUM]
set -euo pipefail
bin=$1 anchors=$2 chromium=${3:-chromium}
out=docs/figures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figures=()

"$bin" contours --law t5-c4 --svg "$out/t5-c4-dense.svg" >/dev/null
"$bin" contours --law t5-c4 --cost sparse --svg "$out/t5-c4-sparse.svg" >/dev/null
figures+=(t5-c4-dense t5-c4-sparse)

# Planning on the illustrative profile: the budget where sparsity starts to pay within 8 GB of
# weights, and the cheapest run to a loss when the model then serves 1e13 tokens.
"$bin" plan --law t5-c4 --hardware data/hardware/example-a100.json --compute 1e23 --memory 8GB \
    --frontier-range 1e20:1e26 --svg "$out/plan-budget.svg" >/dev/null
"$bin" plan --law t5-c4 --hardware data/hardware/example-a100.json --target-loss 1.5 --inference-tokens 1e13 \
    --svg "$out/plan-target.svg" >/dev/null
figures+=(plan-budget plan-target)
# Contours on the same measured profile: the grid's global optimum.
"$bin" contours --law t5-c4 --hardware data/hardware/example-a100.json --svg "$out/t5-c4-measured.svg" >/dev/null
figures+=(t5-c4-measured)

if [ -f "$anchors/t5-data.csv" ]; then
    "$bin" fit "$anchors/t5-data.csv" --column 'params=169869312*scale*(1-sparsity)' --column 'tokens=steps*65536' \
        --bootstrap 200 --seed 1 --output "$work/t5.json" --svg "$out/t5-fit.svg" >/dev/null
    "$bin" fit "$anchors/vit-data.json" --column 'params=84934656*scale*(1-sparsity)' --loss huber --delta 0.01 \
        --data-unit images --bootstrap 200 --seed 1 --output "$work/vit.json" --svg "$out/vit-fit.svg" >/dev/null
    "$bin" fit "$anchors/chinchilla-svg-extracted.csv" --form dense --column 'tokens=`Training FLOP`/(6*`Model Size`)' \
        --drop-highest-loss 5 --svg "$out/chinchilla-fit.svg" >/dev/null
    "$bin" contours --law "$work/t5.json" --svg "$out/t5-contours.svg" >/dev/null
    "$bin" contours --law "$work/vit.json" --data-unit-ok --svg "$out/vit-contours.svg" >/dev/null
    figures+=(t5-fit vit-fit chinchilla-fit t5-contours vit-contours)
else
    echo "figures: $anchors/t5-data.csv not found: the anchor figures are left as they are" >&2
fi

if ! command -v "$chromium" >/dev/null 2>&1; then
    echo "figures: $chromium not found (apt-get install chromium): SVGs written, screenshots left as they are" >&2
    exit 0
fi
for name in "${figures[@]}"; do
    svg="$out/$name.svg"
    size=$(grep -o 'viewBox="0 0 [0-9.]* [0-9.]*"' "$svg" | head -1 | tr -d '"' | awk '{printf "%d,%d", $3, $4 + 0.999}')
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
        --screenshot="$out/after-$name.png" --window-size="$size" "$svg" >/dev/null 2>&1
    echo "wrote $svg and $out/after-$name.png ($size)"
done
