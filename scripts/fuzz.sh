#!/usr/bin/env bash
# Builds the fuzz targets (the `fuzz` preset: clang-14 + libFuzzer) and runs each on a scratch
# copy of its checked-in corpus, fuzz/corpus/NAME: for SECONDS (default 30, a fresh random seed:
# exploring), or for exactly N inputs from seed 1 (--runs N: reproducible, what ctest `fuzz`
# does, so CI passes or fails the same way on every run of the same tree). A crash fails the
# run and leaves the input in build/fuzz/crashes/: add it to fuzz/corpus/NAME (it then replays as
# a regression test in every build, ctest label fuzz) and fix the bug.
# Usage: scripts/fuzz.sh [SECONDS | --runs N] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--runs" ]; then
  budget=(-runs="$2" -seed=1)
  what="$2 inputs"
  shift 2
else
  budget=(-max_total_time="${1:-30}")
  what="${1:-30} s"
  shift || true
fi
names=("$@")
if ((${#names[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do n=${f#fuzz/fuzz_}; names+=("${n%.cpp}"); done
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)"
mkdir -p build/fuzz/crashes
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for n in "${names[@]}"; do
  mkdir -p "$scratch/$n"
  echo "fuzz: $n, $what"
  if ! build/fuzz/fuzz/fuzz_"$n" "${budget[@]}" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$n-" \
      "$scratch/$n" "fuzz/corpus/$n" 2>"$scratch/$n.log"; then
    tail -n 40 "$scratch/$n.log"
    failed+=("$n")
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$n.log" | tr '\n' ' '
    echo
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: crashed: ${failed[*]} (inputs in build/fuzz/crashes/; add them to fuzz/corpus/NAME)"
  exit 1
fi
echo "fuzz: ${#names[@]} targets, no crash"
