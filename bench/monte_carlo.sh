#!/usr/bin/env bash
# Issue 11's targets in one run: parkit walk and pi against the tutorial's Python programs
# (../shared/reference/randomwalk.py, mcpi.py with NumPy), on one core (taskset -c 0) and on
# both cores. Run from the repository root after a release build:
#   bash bench/monte_carlo.sh [path/to/parkit] [path/to/reference]
set -euo pipefail
parkit=${1:-build/release/apps/parkit/parkit}
ref=${2:-../shared/reference}
py=${PYTHON:-/usr/bin/python3}  # Debian's, with python3-numpy
now() { date +%s.%N; }
# Seconds of the best of $1 runs of the rest of the command line (output discarded).
best() {
  local n=$1 best=
  shift
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(now)
    "$@" >/dev/null || { echo "monte_carlo.sh: failed: $*" >&2; exit 1; }
    t1=$(now)
    best=$(echo "$t1 $t0 $best" | awk '{ d = $1 - $2; if ($3 != "" && $3 < d) d = $3; print d }')
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a - b }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# Process start-up and exit (a walk of one step), taken off every parkit time below.
start=$(best 5 "$parkit" walk --Y 1 --samples 1)
echo "parkit start-up and exit: ${start}s (subtracted from the parkit times)"
# One workload: serial on each core (the 2-core limit is their throughputs added), then 2 workers.
measure() {
  local name=$1
  shift
  local c0 c1 t2 p2
  c0=$(minus "$(best 5 taskset -c 0 "$parkit" "$@")" "$start")
  c1=$(minus "$(best 5 taskset -c 1 "$parkit" "$@")" "$start")
  t2=$(minus "$(best 5 "$parkit" "$@" --backend threads --workers 2)" "$start")
  p2=$(minus "$(best 5 "$parkit" "$@" --backend processes --workers 2)" "$start")
  local limit
  limit=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", 1 + a / b }')
  echo "  parkit serial, core 0:  ${c0}s   core 1: ${c1}s   (2-core limit ${limit}x core 0)"
  echo "  parkit threads 2:       ${t2}s  ($(ratio "$c0" "$t2")x core 0)"
  echo "  parkit processes 2:     ${p2}s  ($(ratio "$c0" "$p2")x core 0)"
  eval "${name}=$c0"
}
pyw=$(best 1 taskset -c 0 "$py" "$ref/randomwalk.py" 1)
echo "walk, 15 Y x 300 samples (the tutorial's): python, 1 worker on core 0: ${pyw}s"
measure walk1 walk
echo "  parkit core 0 against python: $(ratio "$pyw" "$walk1")x"
np1=$(best 3 taskset -c 0 "$py" "$ref/mcpi.py" numpy 1)
np2=$(best 3 "$py" "$ref/mcpi.py" numpy 2)
echo "pi, 1000 x 100000 points: numpy, 1 worker on core 0: ${np1}s; 2 workers: ${np2}s"
measure pi1 pi
echo "  parkit core 0 against numpy: $(ratio "$np1" "$pi1")x"
