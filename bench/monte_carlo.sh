#!/usr/bin/env bash
# Issue 11's targets in one run: parkit walk and pi against the tutorial's Python programs
# (../shared/reference/randomwalk.py, mcpi.py with NumPy), on one core (taskset -c 0) and on
# both cores. Run from the repository root after a release build:
#   bash bench/monte_carlo.sh [path/to/parkit] [path/to/reference]
set -euo pipefail
parkit=${1:-build/release/apps/parkit/parkit}
ref=${2:-../shared/reference}
py=${PYTHON:-python3}
now() { date +%s.%N; }
# Seconds of the best of $1 runs of the rest of the command line (output discarded).
best() {
  local n=$1 best=
  shift
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(now)
    "$@" >/dev/null
    t1=$(now)
    best=$(echo "$t1 $t0 $best" | awk '{ d = $1 - $2; if ($3 != "" && $3 < d) d = $3; print d }')
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
walk1=$(best 5 taskset -c 0 "$parkit" walk)
walk2=$(best 5 "$parkit" walk --backend threads --workers 2)
walkp=$(best 5 "$parkit" walk --backend processes --workers 2)
pyw=$(best 1 taskset -c 0 "$py" "$ref/randomwalk.py" 1)
echo "walk 15 Y x 300 samples (the tutorial's): python 1 worker ${pyw}s"
echo "  parkit serial, 1 core:  ${walk1}s  ($(ratio "$pyw" "$walk1")x python)"
echo "  parkit threads 2:       ${walk2}s  ($(ratio "$walk1" "$walk2")x parkit serial)"
echo "  parkit processes 2:     ${walkp}s  ($(ratio "$walk1" "$walkp")x parkit serial)"
pi1=$(best 5 taskset -c 0 "$parkit" pi)
pi2=$(best 5 "$parkit" pi --backend threads --workers 2)
pip=$(best 5 "$parkit" pi --backend processes --workers 2)
np1=$(best 1 taskset -c 0 "$py" "$ref/mcpi.py" numpy 1)
np2=$(best 1 "$py" "$ref/mcpi.py" numpy 2)
echo "pi 1000 x 100000 points: numpy 1 worker ${np1}s, 2 workers ${np2}s"
echo "  parkit serial, 1 core:  ${pi1}s  ($(ratio "$np1" "$pi1")x numpy)"
echo "  parkit threads 2:       ${pi2}s  ($(ratio "$pi1" "$pi2")x parkit serial)"
echo "  parkit processes 2:     ${pip}s  ($(ratio "$pi1" "$pip")x parkit serial)"
echo "(whole-process times, start-up included; parkit's own 'Time :' and 'used' lines exclude it)"
