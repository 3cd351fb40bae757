#!/usr/bin/env bash
# Fails (listing them) when a C++ file of the repository differs from .clang-format's style.
# Fix with: clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed" >&2; exit 1; }
bad=()
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(find apps bench examples fuzz include src tests -name '*.cpp' -o -name '*.hpp' | sort)
if ((${#bad[@]})); then
  echo "check-format: ${#bad[@]} file(s) not in the house style (clang-format -i to fix):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check-format: every file is in the house style"
