#!/usr/bin/env bash
# Makes tests/data/walk_reference.csv, the long run the walk tests compare with: 10^5 walks for
# each of the tutorial's Y (10, 20, ..., 150), with a seed the tests do not use. Run once from the
# repository root after a release build (about 15 s on 2 cores):
#   bash scripts/make-walk-reference.sh [path/to/parkit]
set -euo pipefail
parkit=${1:-build/release/apps/parkit/parkit}
out=tests/data/walk_reference.csv
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$parkit" walk --samples 100000 --seed 424242 --backend threads --workers "$(nproc)" >"$tmp"
# The table's rows: Y, mean, std error (columns 1-3).
{
  echo "Y,mean,std_error"
  awk '$1 ~ /^[0-9]+$/ && NF == 5 { print $1 "," $2 "," $3 }' "$tmp"
} >"$out.tmp"
test "$(wc -l <"$out.tmp")" -eq 16 || { echo "make-walk-reference: unexpected output" >&2; exit 1; }
mv "$out.tmp" "$out"
echo "wrote $out"
