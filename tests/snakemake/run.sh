#!/usr/bin/env bash
# examples/Snakefile run by Debian's snakemake gives the same bytes as `parkit pipeline`.
# Usage: run.sh PARKIT SOURCE_DIR
set -euo pipefail
parkit=$1 src=$2
if ! command -v snakemake >/dev/null; then
  echo "SKIP: snakemake is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$parkit" make-corpus "$work/books" --books 3 --words 5000 --seed 7 >/dev/null
snakemake -s "$src/examples/Snakefile" -d "$work/snake" -j 2 --quiet \
  --config books="$work/books" parkit="$parkit" >"$work/snake.log" 2>&1 || { cat "$work/snake.log"; exit 1; }
cp -r "$work/books" "$work/native"
"$parkit" pipeline "$work/native" -q >/dev/null
for f in results/results.csv processed_data/book01.dat processed_data/book03.dat \
         results/acf_book01.csv results/acf_book02.csv results/acf_book03.csv; do
  cmp "$work/snake/$f" "$work/native/$f"
done
echo "snakemake and parkit pipeline agree on every output"
