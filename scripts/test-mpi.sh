#!/usr/bin/env bash
# The MPI build (-DCLAIMCHECK_MPI=ON, Open MPI from Debian, in build-mpi/), then
# tests/run_mpi.sh: reports under mpirun with 2 and 3 ranks on one machine (--oversubscribe)
# must be byte-identical to the single-process ones. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh libopenmpi-dev openmpi-bin
cmake -S . -B build-mpi -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLAIMCHECK_MPI=ON -DBUILD_TESTING=OFF >&2
cmake --build build-mpi -j "$(nproc)" --target claimcheck claimcheck_corpus >&2
tests/run_mpi.sh build-mpi/checker/claimcheck build-mpi/bench/claimcheck_corpus
