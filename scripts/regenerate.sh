#!/usr/bin/env bash
# Regenerates every example output committed to the repository, the ones the README and the
# guide show: the example report (reports/example/, which a test compares with what the
# binary writes) and the workspace's screenshots (reports/workspace-*.png, taken by the
# WebDriver test, which needs Debian's chromium and chromium-driver).
#
#   scripts/regenerate.sh            both
#   scripts/regenerate.sh report     the example report only
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}

rm -rf reports/example
cargo run --release --quiet -- report data/example-roster.csv --out reports/example --quiet
echo "regenerated reports/example/"

if [ "$what" = all ]; then
  cargo test --workspace --features browser-test --test workspace --quiet
  screens=target/workspace-screens
  cp "$screens/5-org-chart.png" reports/workspace-org.png
  cp "$screens/6-matrix-cell.png" reports/workspace-matrix.png
  cp "$screens/7-graph.png" reports/workspace-graph.png
  cp "$screens/8-compare.png" reports/workspace-compare.png
  cp "$screens/2-summary.png" reports/workspace.png
  echo "regenerated reports/workspace-*.png from $screens"
fi
