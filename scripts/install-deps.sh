#!/usr/bin/env bash
# Installs everything parkit needs to build, test and benchmark, from Debian 12 packages.
# Idempotent: packages already present are left alone; apt-get runs only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev        # command-line parsing
  libfmt-dev          # formatting
  libcereal-dev       # serialization of messages and task arguments
  nlohmann-json3-dev  # JSON reports (parkit scale)
  libutf8proc-dev     # Unicode case mapping and whitespace classes (word counts)
  libsodium-dev       # HMAC-SHA256 and random keys: the cluster's signed messages
  libzmq3-dev cppzmq-dev  # ZeroMQ: the cluster's sockets (controller, engines, clients)
  iproute2            # the cluster's two-network-namespace test (ip netns, veth)
  librandom123-dev    # counter-based random numbers (synthetic corpus, random workloads)
  libopenblas-dev     # BLAS threads and LAPACK (parkit invert; loaded with dlopen on first use)
  gnuplot-nox         # plots (parkit plot-counts)
  libgtest-dev googletest  # unit tests
  libbenchmark-dev    # bench/
  python3             # end-to-end CLI tests drive the binary from Python's unittest
  python3-numpy       # bench/: the tutorials' reference programs, measured in the same run
  snakemake           # tests examples/Snakefile, the workflow engine users already have
  libopenmpi-dev openmpi-bin  # the mpi transport and mpirun (tests run it at -np 1..4)
  clang-format clang-tidy     # the house style and lint checks (ctest label lint)
  clang libclang-rt-14-dev    # the fuzz preset: clang-14 and libFuzzer (ctest fuzz, scripts/fuzz.sh)
  git                         # tidy.sh checks the files the last commit changed
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
