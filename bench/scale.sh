#!/usr/bin/env bash
# The corpus-scale benchmark (issue 5): for each N (default 10,000, 100,000 and 1,000,000 claims)
# a synthetic corpus, then claimcheck on it as shipped, with the witness check off, with a Z3
# context per component, and the plain z3py checker (bench/z3py_checker.py). Prints one table:
# wall time, claims/s, peak RSS, the share of components the exact check settled, and the time
# ratios of the three baselines to claimcheck; then the streamed run (--stream) on the same
# corpus, its wall time and peak RSS, and whether its report is the whole run's byte for byte. A benchmark, not a test: figures vary with the
# machine's load, so compare ratios from one run. claimcheck's own whole run is timed
# CLAIMCHECK_BENCH_RUNS times (default 3) and its median wall time shown, with the largest peak;
# the other runs are timed once.
#   bench/scale.sh [N...]        (CLAIMCHECK_BENCH_Z3PY_MAX=N skips z3py above N claims)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
z3py_max=${CLAIMCHECK_BENCH_Z3PY_MAX:-100000000}
threads=$(nproc)
scripts/install-packages.sh python3-z3 time >&2
cmake --build build --target claimcheck claimcheck_corpus >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs claimcheck; prints "seconds peak_kib settled components".
run() {
  local dir=$1; shift
  local out=$work/report.json
  [ "${1:-}" = --stream ] && out=$work/streamed.json
  /usr/bin/time -f "%e %M" -o "$work/time" build/checker/claimcheck check "$dir/corpus.jsonl" --rules "$dir/rules" \
    --format json --out "$out" --threads "$threads" --timings "$@" 2> "$work/timings" || [ $? -eq 1 ]
  local settled components
  read -r components settled < <(sed -n 's/^components \([0-9]*\), settled by the exact check \([0-9]*\)$/\1 \2/p' "$work/timings")
  echo "$(tail -1 "$work/time") $settled $components"
}

# The median wall time of CLAIMCHECK_BENCH_RUNS runs and their largest peak; prints "seconds
# peak_kib settled components".
run_median() {
  local walls=() peak=0 wall kib settled components
  for ((k = 0; k < ${CLAIMCHECK_BENCH_RUNS:-3}; k++)); do
    read -r wall kib settled components < <(run "$@")
    walls+=("$wall")
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ w[NR] = $1 } END { print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2 }')
  echo "$median $peak $settled $components"
}

streamed=()
printf '%s threads, %s\n\n' "$threads" "$(date -u +%Y-%m-%d)"
printf '| claims | wall (median of %s) | claims/s | peak RSS | settled by the exact check | z3py checker | witness check off | context per component |\n' "${CLAIMCHECK_BENCH_RUNS:-3}"
printf '|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  dir="$work/c$n"
  build/bench/claimcheck_corpus --claims "$n" --seed 1 --out "$dir" > /dev/null
  read -r wall kib settled components < <(run_median "$dir" --no-history)
  read -r stream_wall stream_kib _ _ < <(run "$dir" --stream --batch-claims "${CLAIMCHECK_BENCH_BATCH:-20000}")
  same=$(cmp -s "$work/report.json" "$work/streamed.json" && echo "identical" || echo "DIFFERS")
  streamed+=("$(awk -v n="$n" -v w="$stream_wall" -v k="$stream_kib" -v s="$same" \
    'BEGIN { printf "| %d | %.2f s | %.0f | %.0f MiB | %s |", n, w, n / w, k / 1024, s }')")
  read -r wall_off _ _ _ < <(run "$dir" --no-history --no-witness-check)
  read -r wall_ctx _ _ _ < <(run "$dir" --no-history --context-per-component)
  z3py="-"
  if [ "$n" -le "$z3py_max" ]; then
    z3py_wall=$(/usr/bin/python3 bench/z3py_checker.py "$dir" | cut -d' ' -f1)
    z3py=$(awk -v a="$z3py_wall" -v b="$wall" 'BEGIN { printf "%.1fx (%.1f s)", a / b, a }')
  fi
  awk -v n="$n" -v w="$wall" -v k="$kib" -v s="$settled" -v c="$components" -v z="$z3py" -v off="$wall_off" -v ctx="$wall_ctx" \
    'BEGIN { printf "| %d | %.2f s | %.0f | %.0f MiB | %.1f%% of %d | %s | %.2fx | %.2fx |\n", n, w, n / w, k / 1024, 100 * s / c, c, z, off / w, ctx / w }'
  rm -rf "$dir"
done
printf '\n--stream --batch-claims %s:\n\n' "${CLAIMCHECK_BENCH_BATCH:-20000}"
printf '| claims | wall | claims/s | peak RSS | report |\n|---|---|---|---|---|\n'
printf '%s\n' "${streamed[@]}"
