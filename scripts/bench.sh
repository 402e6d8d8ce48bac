#!/usr/bin/env bash
# Benchmark orggap on generated rosters, side by side with a baseline in one run (machines
# are noisy; ratios taken in the same session are what count).
#
#   scripts/bench.sh [SIZES...]              default: 10000 100000 1000000
#       The built-in catalogue. Per size: median wall time of `orggap check` against a bare
#       csv-crate baseline (examples/csv_baseline.rs: csv ByteRecords, each skill cell parsed
#       to a byte) on the same file, for a tidy roster and for a messy one (`generate --messy`:
#       BOM, CRLF, quoted "Last, First" names with quotes and formula signs, level words,
#       duties declared in any order); then `report`, `assign`, `impact`, `plan`; the peak
#       memory of `check` against the file size, and of the messy roster's `report` and
#       `check --format json` (every declared owner listed) against the messy file's size.
#
#   BIG=SKILLS,ROLES,DUTIES scripts/bench.sh [SIZES...]    e.g. BIG=1000,300,10000 ... 100000
#       A generated job architecture (`generate --catalogue-size`). Per size: every command
#       as a ratio to `inspect` (which only reads the roster) of the same file, and each
#       command's peak memory against the file size.
#
#   HR=1 scripts/bench.sh [SIZES...]         default: 100000 1000000
#       An HR export (`generate --hr`: ids, split and preferred names, shared names, a
#       reporting tree). Per size: `check` against `check` of the same roster without its id
#       and manager columns (examples/hr_without_ids.rs; ids appended to the names so that
#       they stay unique), and `org` against `check`; the peak memory of `check`, `org` and
#       `report`, each against the file size, and of `report` of the same export written
#       `--messy` (half the people declaring duties: every owner and id in check.json).
#
#   DEEP=1 scripts/bench.sh [SIZES...]       default: 1000000
#       A chain of people each reporting to the one before (ids, names, a manager and one
#       skill column: a narrow file, a reporting line as deep as the roster): `check` and
#       `org`, their wall times and peak memory against the file size.
#
#   SCENARIO=1 scripts/bench.sh [SIZES...]   default: 1000000
#       A 10-entry scenario (3 leave, 4 change levels, team, capacity and owns, 3 hires)
#       on a generated roster: in one process (examples/scenario_apply.rs), reading and
#       applying the scenario against `check` without output (read and analyse); then
#       `check --scenario` against `check` end to end.
#
#   UNKNOWN=PCT scripts/bench.sh [SIZES...]  default: 1000000
#       A roster with PCT% of its level cells `N/A` (`generate --unknown PCT`) against the
#       same roster with none (same seed: the same people and levels otherwise), side by
#       side: `check` of each, their ratio, and `check` of the roster without unknowns
#       against the csv-crate baseline (the figure that must not move).
#
#   PLANTIME=1 scripts/bench.sh [SIZES...]   default: 20000
#       A 500-duty job architecture (`generate --catalogue-size 200,10,500`): the wall time of
#       `plan` for --plan-time 0.5s, 1s and 2s, as a ratio to the limit (kept within about
#       1.1 for the whole command, reading the roster included).
#
#   PLANS=1 scripts/bench.sh                 (BASE=other/orggap to run a baseline beside it)
#       The exact plan in its default 2 s: generated rosters of 30, 80 and 200 people with
#       the built-in catalogue and --max-steps 99 (every duty within reach of training), the
#       200 also with the default --max-steps, and 20,000 people on a 2,000-duty job
#       architecture (`generate --catalogue-size 400,60,2000`). Per case: the plan's steps,
#       whether it is proved optimal (else the lower bound it proves), and the wall time.
#
#   RUNS=N sets the runs per median (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin orggap --example csv_baseline --example hr_without_ids \
  --example scenario_apply
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

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

if [ -n "${SCENARIO:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(1000000)
  for n in "${sizes[@]}"; do
    roster="$work/roster-$n.csv"
    scenario="$work/scenario-$n.toml"
    "$bin" generate --people "$n" --seed 42 --out "$roster"
    # Seven people spread over the roster (a tidy generated roster quotes no name).
    mapfile -t who < <(awk -F, -v n="$n" 'NR > 1 && (NR - 2) % int(n / 7) == 0 { print $1 }' "$roster" | head -n 7)
    {
      printf 'name = "bench"\nleave = ["%s", "%s", "%s"]\n' "${who[0]}" "${who[1]}" "${who[2]}"
      for i in 3 4 5 6; do
        printf '\n[[change]]\nperson = "%s"\nlevels = { product-strategy = 5, marketing = 4 }\n' "${who[$i]}"
        printf 'team = "Moved"\ncapacity = 4\nowns = ["cpo.product-strategy"]\n'
      done
      for i in 1 2 3; do
        printf '\n[[hire]]\nname = "Hire %s"\nteam = "Marketing"\n' "$i"
        printf 'levels = { marketing = 5, marketing-strategy = 5, campaigns = 4 }\nowns = ["cmo.launches"]\n'
      done
    } > "$scenario"
    target/release/examples/scenario_apply "$roster" "$scenario" "$runs"
    measure "$bin" check "$roster" --fail-on never;                        check=$median
    measure "$bin" check "$roster" --fail-on never --scenario "$scenario"; with=$median
    printf '%s people end to end: check %ss, check --scenario %ss (%sx)\n' "$n" "$check" "$with" \
      "$(ratio "$with" "$check")"
  done
  exit 0
fi

if [ -n "${PLANTIME:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(20000)
  catalogue="$work/catalogue-500.toml"
  "$bin" generate --catalogue-size 200,10,500 --seed 7 --out "$catalogue"
  printf '%10s %10s %10s %8s\n' people limit plan ratio
  for n in "${sizes[@]}"; do
    roster="$work/roster-$n.csv"
    "$bin" generate --people "$n" --seed 7 --catalogue "$catalogue" --out "$roster"
    for limit in 0.5 1 2; do
      measure "$bin" plan "$roster" --catalogue "$catalogue" --plan-time "${limit}s"
      printf '%10s %9ss %9ss %8s\n' "$n" "$limit" "$median" "$(ratio "$median" "$limit")"
    done
  done
  exit 0
fi

if [ -n "${PLANS:-}" ]; then
  catalogue="$work/catalogue-2000.toml"
  "$bin" generate --catalogue-size 400,60,2000 --seed 7 --out "$catalogue"
  for n in 30 80 200; do "$bin" generate --people "$n" --seed 1 --out "$work/plan-$n.csv"; done
  "$bin" generate --people 20000 --seed 7 --catalogue "$catalogue" --out "$work/plan-20000.csv"
  cases=("30 people, --max-steps 99|$work/plan-30.csv --max-steps 99"
         "80 people, --max-steps 99|$work/plan-80.csv --max-steps 99"
         "200 people, --max-steps 99|$work/plan-200.csv --max-steps 99"
         "200 people|$work/plan-200.csv"
         "20,000 people, 2,000 duties|$work/plan-20000.csv --catalogue $catalogue")
  bins=("$bin")
  [ -n "${BASE:-}" ] && bins+=("$BASE")
  printf '%-30s %-24s %8s %-44s %7s
' case binary steps proved time
  for case in "${cases[@]}"; do
    label=${case%%|*}
    read -r -a args <<< "${case#*|}"
    for b in "${bins[@]}"; do
      "$TIME" -f '%e' -o "$work/t" "$b" plan "${args[@]}" > "$work/out" 2>&1 || true
      steps=$(sed -n 's/.*(\([0-9,]*\) level steps).*/\1/p' "$work/out" | head -n 1)
      proved=$(grep -o 'not proved optimal\|proved optimal\|the fewest level steps\|within [0-9]*% of the optimum (at least [0-9,]* level steps)' "$work/out" | head -n 1)
      printf '%-30s %-24s %8s %-44s %6ss\n' "$label" "$(basename "$(dirname "$b")")/$(basename "$b")" \
        "$steps" "${proved:-not proved}" "$(tail -n 1 "$work/t")"
    done
  done
  exit 0
fi

if [ -n "${DEEP:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(1000000)
  printf '%-9s %9s %11s %9s %11s %12s\n' people check peak/file org peak/file file
  for n in "${sizes[@]}"; do
    roster="$work/chain-$n.csv"
    awk -v n="$n" 'BEGIN {
      print "id,name,manager,product-knowledge"
      print "E0,Person 0,,3"
      for (i = 1; i < n; i++) printf "E%d,Person %d,E%d,3\n", i, i, i - 1
    }' > "$roster"
    size_kb=$(( $(stat -c %s "$roster") / 1024 ))
    measure "$bin" check "$roster" --fail-on never; check=$median; check_peak=$peak_kb
    measure "$bin" org "$roster";                   org=$median; org_peak=$peak_kb
    printf '%-9s %8ss %10sx %8ss %10sx %9sKiB\n' "$n" "$check" "$(ratio "$check_peak" "$size_kb")" \
      "$org" "$(ratio "$org_peak" "$size_kb")" "$size_kb"
  done
  exit 0
fi

if [ -n "${HR:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(100000 1000000)
  printf '%-9s %9s %9s %7s %9s %9s %11s %10s %9s %11s %13s\n' people check base ratio org org/check file \
    check/file org/file report/file owns_report
  for n in "${sizes[@]}"; do
    roster="$work/hr-$n.csv"
    plain="$work/plain-$n.csv"
    owning="$work/hr-messy-$n.csv"
    "$bin" generate --people "$n" --seed 42 --hr --out "$roster"
    "$bin" generate --people "$n" --seed 42 --hr --messy --out "$owning"
    target/release/examples/hr_without_ids "$roster" "$plain"
    size_kb=$(( $(stat -c %s "$roster") / 1024 ))
    measure "$bin" check "$roster" --fail-on never;  check=$median; peak=$peak_kb
    measure "$bin" check "$plain" --fail-on never;   plain_check=$median
    measure "$bin" org "$roster";                    org=$median; org_peak=$peak_kb
    measure "$bin" report "$roster" --out "$work/report-$n" --quiet; report_peak=$peak_kb
    rm -rf "$work/report-$n"
    # The same export as it comes with half the people declaring duties: every owner and
    # their id in check.json.
    measure "$bin" report "$owning" --out "$work/report-$n" --quiet; owns_peak=$peak_kb
    rm -rf "$work/report-$n"
    owning_kb=$(( $(stat -c %s "$owning") / 1024 ))
    printf '%-9s %8ss %8ss %6sx %8ss %8sx %8sKiB %10s %9s %11s %13s\n' "$n" "$check" "$plain_check" \
      "$(ratio "$check" "$plain_check")" "$org" "$(ratio "$org" "$check")" "$size_kb" \
      "$(ratio "$peak" "$size_kb")" "$(ratio "$org_peak" "$size_kb")" \
      "$(ratio "$report_peak" "$size_kb")" "$(ratio "$owns_peak" "$owning_kb")"
  done
  exit 0
fi

if [ -n "${UNKNOWN:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(1000000)
  printf '%-9s %10s %10s %6s %10s %6s %9s %9s\n' people unknown none ratio base none/base \
    unk_peak none_peak
  for n in "${sizes[@]}"; do
    roster="$work/roster-$n.csv"
    partial="$work/unknown-$n.csv"
    "$bin" generate --people "$n" --seed 42 --out "$roster"
    "$bin" generate --people "$n" --seed 42 --unknown "$UNKNOWN" --out "$partial"
    measure "$bin" check "$partial" --fail-on never;  unknown=$median; unknown_peak=$peak_kb
    measure "$bin" check "$roster" --fail-on never;   none=$median; none_peak=$peak_kb
    measure "$base" "$roster";                        baseline=$median
    printf '%-9s %9ss %9ss %6s %9ss %9s %6sMiB %6sMiB\n' "$n" "$unknown" "$none" \
      "$(ratio "$unknown" "$none")" "$baseline" "$(ratio "$none" "$baseline")" \
      "$(( unknown_peak / 1024 ))" "$(( none_peak / 1024 ))"
  done
  exit 0
fi

if [ -n "${BIG:-}" ]; then
  sizes=("$@")
  [ $# -eq 0 ] && sizes=(10000 100000)
  catalogue="$work/catalogue.toml"
  "$bin" generate --catalogue-size "$BIG" --seed 42 --out "$catalogue"
  echo "catalogue (skills, roles, duties): $BIG"
  printf '%-9s %9s' people inspect
  for c in check impact assign plan report; do printf ' %16s' "$c/inspect"; done
  printf ' %14s %9s\n' file "peak/file"
  for n in "${sizes[@]}"; do
    roster="$work/roster-$n.csv"
    "$bin" generate --people "$n" --seed 42 --catalogue "$catalogue" --out "$roster"
    size_kb=$(( $(stat -c %s "$roster") / 1024 ))
    measure "$bin" inspect "$roster" --catalogue "$catalogue"; inspect=$median; worst=$peak_kb
    printf '%-9s %8ss' "$n" "$inspect"
    for c in check impact assign plan report; do
      if [ "$c" = report ]; then
        measure "$bin" report "$roster" --catalogue "$catalogue" --out "$work/report-$n"
      else
        measure "$bin" "$c" "$roster" --catalogue "$catalogue"
      fi
      (( peak_kb > worst )) && worst=$peak_kb
      printf ' %8ss %6sx' "$median" "$(ratio "$median" "$inspect")"
    done
    printf ' %11sKiB %9s\n' "$size_kb" "$(ratio "$worst" "$size_kb")"
  done
  exit 0
fi

sizes=("$@")
[ $# -eq 0 ] && sizes=(10000 100000 1000000)
printf '%-9s %8s %8s %6s %8s %8s %6s %8s %8s %8s %8s %11s %11s %8s %12s %12s\n' \
  people check base ratio messy base ratio report assign impact plan check_peak file_size mem/file \
  messy_report messy_json
for n in "${sizes[@]}"; do
  roster="$work/roster-$n.csv"
  messy="$work/messy-$n.csv"
  "$bin" generate --people "$n" --seed 42 --out "$roster"
  "$bin" generate --people "$n" --seed 42 --messy --out "$messy"
  size_kb=$(( $(stat -c %s "$roster") / 1024 ))
  measure "$bin" check "$roster" --fail-on never;           check=$median; check_peak=$peak_kb
  measure "$base" "$roster";                                 baseline=$median
  measure "$bin" check "$messy" --fail-on never;            messy_check=$median
  measure "$base" "$messy";                                  messy_base=$median
  measure "$bin" report "$roster" --out "$work/report-$n";   report=$median
  measure "$bin" assign "$roster";                           assign=$median
  measure "$bin" impact "$roster";                           impact=$median
  measure "$bin" plan "$roster";                             plan=$median
  messy_kb=$(( $(stat -c %s "$messy") / 1024 ))
  measure "$bin" report "$messy" --out "$work/messy-report-$n"; messy_report_peak=$peak_kb
  measure "$bin" check "$messy" --format json --output "$work/messy-$n.json"
  messy_json_peak=$peak_kb
  printf '%-9s %7ss %7ss %6s %7ss %7ss %6s %7ss %7ss %7ss %7ss %8sKiB %8sKiB %8s %11sx %11sx\n' \
    "$n" "$check" "$baseline" "$(ratio "$check" "$baseline")" \
    "$messy_check" "$messy_base" "$(ratio "$messy_check" "$messy_base")" \
    "$report" "$assign" "$impact" "$plan" "$check_peak" "$size_kb" "$(ratio "$check_peak" "$size_kb")" \
    "$(ratio "$messy_report_peak" "$messy_kb")" "$(ratio "$messy_json_peak" "$messy_kb")"
done
