#!/usr/bin/env bash
# clang-tidy (.clang-tidy's checks, warnings as errors) on the C++ sources given, or on those that
# the last commit changed. Needs a configured build with compile_commands.json (default
# build/dev; set BUILD=...). About 4 s a file here.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build/dev}
command -v clang-tidy >/dev/null || { echo "tidy: clang-tidy is not installed" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json (configure first)" >&2; exit 1; }
if (($#)); then files=("$@"); else
  mapfile -t files < <(git diff --name-only --diff-filter=d HEAD~1 -- 'src/*.cpp' 'apps/*.cpp' 2>/dev/null || true)
fi
# The MPI transport is built only when MPI is found; skip what the build did not compile.
checked=()
for f in "${files[@]}"; do grep -q "\"file\": \".*/$f\"" "$build/compile_commands.json" && checked+=("$f"); done
if ((${#checked[@]} == 0)); then echo "tidy: no changed source to check"; exit 0; fi
# Keep the test suite fast: a commit that touched many files gets its first few checked; the
# whole tree is `scripts/tidy.sh $(git ls-files 'src/*.cpp' 'apps/*.cpp')` (minutes).
limit=${TIDY_LIMIT:-6}
if ((${#checked[@]} > limit)); then
  echo "tidy: checking ${limit} of the ${#checked[@]} changed sources (TIDY_LIMIT to change)"
  checked=("${checked[@]:0:limit}")
fi
printf '%s\n' "${checked[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$build" --quiet --warnings-as-errors='*' 2>/dev/null
echo "tidy: ${#checked[@]} file(s) clean"
