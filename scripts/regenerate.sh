#!/usr/bin/env bash
# Regenerates every example output committed to the repository, the ones the README and the
# guide show: the example report (reports/example/, which a test compares with what the
# binary writes) and the workspace's screenshots (docs/src/images/workspace-*.png, taken by the
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
  cp "$screens/5-org-chart.png" docs/src/images/workspace-org.png
  cp "$screens/6-matrix-cell.png" docs/src/images/workspace-matrix.png
  cp "$screens/7-graph.png" docs/src/images/workspace-graph.png
  cp "$screens/8-compare.png" docs/src/images/workspace-compare.png
  cp "$screens/2-summary.png" docs/src/images/workspace.png
  echo "regenerated docs/src/images/workspace-*.png from $screens"
fi
