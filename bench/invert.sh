#!/usr/bin/env bash
# Issue 12's invert targets in one run: parkit invert (LAPACK Cholesky through Debian's OpenBLAS)
# against NumPy's np.linalg.inv (LU, the same OpenBLAS) on a matrix of the same size and kind,
# both on every core; and parkit on 1 and on 2 BLAS threads. Only the inversion is timed.
#   bash bench/invert.sh [path/to/parkit] [SIZE]
set -euo pipefail
parkit=${1:-build/release/apps/parkit/parkit}
n=${2:-4000}
py=${PYTHON:-/usr/bin/python3}
secs() { awk '/time spent for inverting A is/ { print $7 }'; }
best_parkit() {
  local best=
  for _ in 1 2 3; do
    t=$("$parkit" invert --size "$n" "$@" | secs)
    best=$(echo "$t $best" | awk '{ print ($2 != "" && $2 < $1) ? $2 : $1 }')
  done
  echo "$best"
}
numpy=$("$py" - "$n" <<'PY'
import sys, time
import numpy as np
n = int(sys.argv[1])
rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, (n, n)); a = (a + a.T) / 2; np.fill_diagonal(a, n)
best = min((lambda t0: (np.linalg.inv(a), time.time() - t0)[1])(time.time()) for _ in range(3))
print(best)
PY
)
all=$(best_parkit)
one=$(best_parkit --threads 1)
two=$(best_parkit --threads 2)
echo "invert $n x $n, $(nproc) cores: numpy np.linalg.inv ${numpy}s, parkit (all cores) ${all}s: $(awk -v a="$all" -v b="$numpy" 'BEGIN { printf "%.2f", a / b }')x numpy's time"
echo "parkit 1 thread ${one}s, 2 threads ${two}s: $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }')x"
