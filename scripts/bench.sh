#!/usr/bin/env bash
# Benchmark orggap against a bare csv-crate baseline on generated rosters, side by side in
# one run (machines are noisy; ratios taken in the same session are what count).
#
#   scripts/bench.sh [SIZES...]      default: 10000 100000 1000000
#
# Prints, per size: median wall time of `orggap check` (text), of the baseline
# (examples/csv_baseline.rs: csv ByteRecords, each skill cell parsed to a byte), of
# `orggap report`, `assign`, `impact` and `plan`; the ratio check / baseline; and the peak
# memory of check (GNU time) against the file size.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("${@:-10000 100000 1000000}")
[ $# -eq 0 ] && sizes=(10000 100000 1000000)
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin orggap --example csv_baseline
bin=target/release/orggap
base=target/release/examples/csv_baseline
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)"; exit 2; }

# median of the wall times (seconds) of running "$@" $runs times; sets $median and $peak_kb
measure() {
  local times=() peak=0 i t kb
  for ((i = 0; i < runs; i++)); do
    "$TIME" -f '%e %M' -o "$work/t" "$@" > /dev/null 2>&1 || true
    read -r t kb < <(tail -n 1 "$work/t")
    times+=("$t")
    (( kb > peak )) && peak=$kb
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak_kb=$peak
}

printf '%-9s %9s %9s %7s %9s %9s %9s %9s %13s %13s %9s\n' people check base ratio report assign impact plan check_peak file_size mem/file
for n in "${sizes[@]}"; do
  roster="$work/roster-$n.csv"
  "$bin" generate --people "$n" --seed 42 --out "$roster"
  size_kb=$(( $(stat -c %s "$roster") / 1024 ))
  measure "$bin" check "$roster" --fail-on never;           check=$median; check_peak=$peak_kb
  measure "$base" "$roster";                                 baseline=$median
  measure "$bin" report "$roster" --out "$work/report-$n";   report=$median
  measure "$bin" assign "$roster";                           assign=$median
  measure "$bin" impact "$roster";                           impact=$median
  measure "$bin" plan "$roster";                             plan=$median
  ratio=$(awk -v a="$check" -v b="$baseline" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  memory=$(awk -v a="$check_peak" -v b="$size_kb" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-9s %8ss %8ss %7s %8ss %8ss %8ss %8ss %10sKiB %10sKiB %9s\n' \
    "$n" "$check" "$baseline" "$ratio" "$report" "$assign" "$impact" "$plan" "$check_peak" "$size_kb" "$memory"
done
