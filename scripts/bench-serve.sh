#!/usr/bin/env bash
# The workspace's speed: the round trip of PUT /api/scenario (apply the scenario, analyse,
# answer with the check report) on generated rosters, side by side with `orggap check` of
# the same file, in one run (machines are noisy; ratios taken in the same session count).
#
#   scripts/bench-serve.sh [SIZES...]     default: 10000 100000 1000000
#   RUNS=N sets the round trips per median (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-9}
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cargo build --release --quiet --bin orggap
bin=target/release/orggap
command -v curl > /dev/null || { echo "needs curl"; exit 2; }

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-9s %10s %12s %8s\n' people check put ratio
sizes=("$@")
[ $# -eq 0 ] && sizes=(10000 100000 1000000)
for size in "${sizes[@]}"; do
  {
    roster="$work/roster-$size.csv"
    "$bin" generate --people "$size" --seed 42 --out "$roster"
    checks=()
    for ((i = 0; i < 5; i++)); do
      start=$(date +%s.%N)
      "$bin" check "$roster" --fail-on never > /dev/null
      checks+=("$(echo "$(date +%s.%N) - $start" | bc)")
    done
    check=$(printf '%s\n' "${checks[@]}" | median)
    rm -f "$work/url"
    "$bin" serve "$roster" > "$work/url" 2> "$work/serve.err" &
    server=$!
    for ((i = 0; i < 600; i++)); do [ -s "$work/url" ] && break; sleep 0.1; done
    url=$(head -n 1 "$work/url")
    base=${url%%/\?token=*}
    token=${url##*token=}
    # Two people of the roster, alternately leaving: every round trip analyses afresh.
    mapfile -t who < <(awk -F, 'NR == 2 || NR == 3 { print $1 }' "$roster")
    times=()
    for ((i = 0; i < runs; i++)); do
      body=$(printf '{"leave": ["%s"], "change": [{"person": "%s", "levels": {"product-strategy": %d}}]}' \
        "${who[$((i % 2))]}" "${who[$(((i + 1) % 2))]}" $((i % 5)))
      t=$(curl -s -o /dev/null -w '%{time_total}' -X PUT -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data "$body" "$base/api/scenario")
      times+=("$t")
    done
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    put=$(printf '%s\n' "${times[@]}" | median)
    printf '%-9s %9.3fs %11.4fs %7.3fx\n' "$size" "$check" "$put" \
      "$(awk -v a="$put" -v b="$check" 'BEGIN { print (b > 0 ? a / b : 0) }')"
  }
done
