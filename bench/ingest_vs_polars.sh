#!/usr/bin/env bash
# spiegel's ingest + metrics against polars and duckdb doing the same group-by work on the same
# CSV files (bench/ingest_yardstick.py): counts, means and variances per department, layer and
# department x layer, and the correlations of the aspects with `overall`.
# Never a test: the figures depend on the machine and on what else runs on it.
#
#   bench/ingest_vs_polars.sh [repetitions]      # best of N, default 3
#
# Generates 4 organizations x 1 wave (by default 600,000 customers and 95,000 employees per
# organization: 3.2 M rows, 350 MB of customers.csv + employees.csv) with `spiegel generate`,
# keeps only customers.csv and employees.csv (polars and duckdb do not read the other files),
# installs polars and duckdb from PyPI into a virtualenv of its own (never needed by the
# tests), builds `examples/ingest_bench.rs` in release (its `groupby` mode: spiegel's reader
# into a sink doing the same group-by) and runs each tool N times under /usr/bin/time,
# interleaved (one run of each tool per repetition), printing the load average.
#
# What is compared: CPU time (user + sys of the whole process), least of N, spiegel on one
# thread against polars and duckdb on all cores — the work each does, which load on a shared
# machine changes far less than wall time. Wall time is compared like with like: polars and
# duckdb use every core, so spiegel does too (2 threads, one organization per worker). Peak
# RSS is printed for each.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/spiegel-ingest-bench}
VENV=${BENCH_VENV:-$WORK/venv}
CUSTOMERS=${CUSTOMERS:-600000}
EMPLOYEES=${EMPLOYEES:-95000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
mkdir -p "$WORK"

nice -n 10 cargo build -q --release --bin spiegel --example ingest_bench
bin="$CARGO_TARGET_DIR/release"
if [ ! -d "$WORK/full" ]; then
  nice -n 10 "$bin/spiegel" generate --orgs 4 --waves 1 --customers "$CUSTOMERS" \
    --employees "$EMPLOYEES" --interactions 1000 --mood-days 1 --out "$WORK/full.tmp" >/dev/null
  mv "$WORK/full.tmp" "$WORK/full"
fi
rm -rf "$WORK/data"
(cd "$WORK/full" && find . -name '*.yaml' -o -name customers.csv -o -name employees.csv) |
  while read -r f; do mkdir -p "$WORK/data/$(dirname "$f")"; ln "$WORK/full/$f" "$WORK/data/$f" 2>/dev/null || cp "$WORK/full/$f" "$WORK/data/$f"; done
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q polars duckdb; }

echo "data: $(cat "$WORK"/data/*/*/customers.csv "$WORK"/data/*/*/employees.csv | wc -c | awk '{printf "%.0f MB", $1/1e6}'),"\
     "$(cat "$WORK"/data/*/*/customers.csv "$WORK"/data/*/*/employees.csv | wc -l) lines; best of $REPS, interleaved (CPU = user + sys; wall of that run)"
fmt='%e %U %S %M'
names=("spiegel (1 thread)" "spiegel (2 threads)" polars duckdb)
run() { # name, command...: one run, appended to the runs of `name` as "cpu wall rss"
  local name=$1; shift
  /usr/bin/time -f "$fmt" -o "$WORK/time" nice -n 10 "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out"; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  echo "$(echo "$user + $sys" | bc) $wall $rss" >> "$WORK/runs-$name"
}
for name in "${names[@]}"; do rm -f "$WORK/runs-$name"; done
# Interleaved: every repetition runs each tool once, so a burst of load on the shared machine
# falls on all of them alike.
for _ in $(seq "$REPS"); do
  run "spiegel (1 thread)" "$bin/examples/ingest_bench" groupby "$WORK/data" 1
  run "spiegel (2 threads)" "$bin/examples/ingest_bench" groupby "$WORK/data" 2
  run polars "$VENV/bin/python" bench/ingest_yardstick.py polars "$WORK/data"
  run duckdb "$VENV/bin/python" bench/ingest_yardstick.py duckdb "$WORK/data"
done
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| work                               |  CPU     |  wall    | peak RSS |"
echo "|---|---|---|---|"
for name in "${names[@]}"; do
  # The run with the least CPU time.
  read -r cpu wall rss < <(sort -n "$WORK/runs-$name" | head -1)
  printf '| %-34s | %6.2f s | %6.2f s | %5d MB |\n' "$name" "$cpu" "$wall" $((rss / 1024))
  echo "$cpu" > "$WORK/cpu-$name"
  echo "$wall" > "$WORK/wall-$name"
done
s=$(cat "$WORK/cpu-spiegel (1 thread)")
w=$(cat "$WORK/wall-spiegel (2 threads)")
for y in polars duckdb; do
  printf 'CPU ratio %s / spiegel (1 thread): %.2f× (above 1: spiegel uses less CPU)\n' "$y" "$(echo "scale=4; $(cat "$WORK/cpu-$y") / $s" | bc)"
  printf 'wall ratio %s / spiegel (2 threads): %.2f× (above 1: spiegel is done sooner)\n' "$y" "$(echo "scale=4; $(cat "$WORK/wall-$y") / $w" | bc)"
done
