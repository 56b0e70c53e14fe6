#!/usr/bin/env bash
# MPI speed-up (issue 5): one synthetic corpus (default 100,000 claims) checked by the MPI build
# with 1, 2 and 4 ranks of one thread each, in one run; prints wall time, speed-up over 1 rank
# and parallel efficiency (speed-up / ranks). Every rank loads, normalizes, grounds and
# partitions the whole input and only the solve stage is shared, so the speed-up is bounded by
# that stage's share (--timings shows it). On this 2-core machine 4 ranks oversubscribe.
#   bench/mpi.sh [CLAIMS]
set -euo pipefail
cd "$(dirname "$0")/.."
claims=${1:-100000}
scripts/install-packages.sh libopenmpi-dev openmpi-bin time >&2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLAIMCHECK_MPI=ON >&2
cmake --build build --target claimcheck claimcheck_corpus >&2
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/bench/claimcheck_corpus --claims "$claims" --seed 1 --out "$work/c" > /dev/null
printf '%s claims, %s cores, %s\n\n| ranks | wall | speed-up | efficiency |\n|---|---|---|---|\n' "$claims" "$(nproc)" "$(date -u +%Y-%m-%d)"
one=""
for ranks in 1 2 4; do
  /usr/bin/time -f "%e" -o "$work/time" mpirun --oversubscribe -np "$ranks" build/checker/claimcheck check \
    "$work/c/corpus.jsonl" --rules "$work/c/rules" --no-history --format json --out "$work/report$ranks.json" \
    --threads 1 > /dev/null 2>&1 || true
  wall=$(tail -1 "$work/time")
  [ -z "$one" ] && one=$wall
  cmp -s "$work/report1.json" "$work/report$ranks.json" || { echo "bench/mpi.sh: $ranks ranks gave another report" >&2; exit 1; }
  awk -v r="$ranks" -v w="$wall" -v o="$one" 'BEGIN { printf "| %d | %.2f s | %.2fx | %.0f%% |\n", r, w, o / w, 100 * o / w / r }'
done
