#!/usr/bin/env bash
# The MPI build: turns -DCLAIMCHECK_MPI=ON in build/ (Open MPI from Debian; only the ranks file
# is rebuilt) and runs tests/run_mpi.sh: reports under mpirun with 2 and 3 ranks on one machine
# (--oversubscribe) must be byte-identical to the single-process ones; then tests/run_mpi_signal.sh:
# a signal to any one rank ends the run without a report. Run by scripts/test.sh,
# after the other tests; the binary still runs as one process without mpirun.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh libopenmpi-dev openmpi-bin gdb  # gdb: backtraces of a crashed rank
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLAIMCHECK_MPI=ON >&2
cmake --build build -j "$(nproc)" >&2
tests/run_mpi.sh build/checker/claimcheck build/bench/claimcheck_corpus
tests/run_mpi_signal.sh build/checker/claimcheck rules
