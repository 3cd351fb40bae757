#!/usr/bin/env bash
# Issue 14's targets for parkit cluster, in one run on this machine:
#   1. an empty call's round trip through the load-balanced view, and empty calls a second with
#      2 engines (bench_cluster), beside ipyparallel's (Debian's python3-ipyparallel), and a
#      client-controller round trip alone (the floor: a call makes two such trips);
#   2. the tutorials' mpi_acf on BOOK through 2 MPI engines: the client's wall time against the
#      engines' own time for the call, beside `mpirun -np 2 parkit acf` started for the job.
# Usage: bench/cluster.sh [BUILD_DIR] [BOOK]   (release build; as root, OMPI_ALLOW_RUN_AS_ROOT*)
set -euo pipefail
build=$(realpath "${1:-build/release}")
here=$(cd "$(dirname "$0")" && pwd)
book=$(realpath "${2:-../shared/corpus/books/pg99.txt}")
parkit=$build/apps/parkit/parkit
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work  # a private profile folder: nothing of the user's is touched
trap '"$parkit" cluster stop --profile bench >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== empty calls (2 engines, processes)"
"$build/bench/bench_cluster" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null |
  grep -E "^BM_.*_median"
if /usr/bin/python3 -c 'import ipyparallel' 2>/dev/null; then
  (cd "$work" && /usr/bin/python3 "$here/ipp_round_trip.py" 2000)
else
  echo "ipyparallel: not installed (apt-get install python3-ipyparallel)"
fi

echo "== mpi_acf on $(basename "$book")"
"$parkit" wordcount "$book" "$work/book.dat"
"$parkit" cluster start -n 2 --engines mpi --profile bench >/dev/null
"$build/bench/bench_cluster" acf bench "$book" "$work/book.dat" 20
"$parkit" cluster stop --profile bench >/dev/null
start=$(date +%s%N)
for _ in 1 2 3 4 5; do
  mpirun -np 2 "$build/apps/parkit/parkit-mpi" acf "$book" "$work/book.dat" "$work/acf.csv" \
    --backend mpi >/dev/null
done
echo "mpirun -np 2 parkit acf, started for each job: $(( ($(date +%s%N) - start) / 5000000 )) ms a job (mean of 5)"
