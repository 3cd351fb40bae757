#!/usr/bin/env bash
# The word-count system's targets, measured in one run on this machine:
#  1. `parkit wordcount` on the largest book (pg87) against the reference Python program,
#     process start included (min of REPEAT runs each, and the ratio);
#  2. the whole pipeline on the 61 reference books (counts, Zipf table, 61 ACFs) from scratch,
#     on each backend (min of REPEAT runs).
# Usage: bench/wordcount_system.sh [PARKIT] [REPEAT]   (needs ../shared and python3-numpy)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
parkit=${1:-$here/build/release/apps/parkit/parkit}
repeat=${2:-10}
shared=$here/../shared
book=$shared/corpus/books/pg87.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# min over runs of a command's wall time, in seconds
best() {
  local best=999999999999 t0 t1
  for _ in $(seq "$repeat"); do
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    (( t1 - t0 < best )) && best=$((t1 - t0))
  done
  awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

py=$(best /usr/bin/python3 "$shared/reference/wordcount_reference.py" wordcount "$book" "$work/py.dat")
pk=$(best "$parkit" wordcount "$book" "$work/pk.dat")
cmp "$work/py.dat" "$work/pk.dat"
echo "wordcount pg87: python $py s, parkit $pk s, parkit is $(awk -v a="$py" -v b="$pk" 'BEGIN { printf "%.1f", a / b }')x faster"

cp "$shared"/corpus/books/*.txt "$work/"
for backend in serial threads processes; do
  t=$(best bash -c "'$parkit' pipeline '$work' --delete-all-output && '$parkit' pipeline '$work' -q --backend $backend")
  echo "pipeline 61 books on $backend: $t s (including an empty --delete-all-output run)"
done
cmp "$work/results/results.csv" "$shared/corpus/expected/zipf/results.csv"
