#!/usr/bin/env bash
# A stop under mpirun (2 ranks): a signal to one rank ends the whole run as a stop of one
# process does (no report, the previous one left as it was, 128 + the signal), within seconds,
# with no rank left running and claimcheck's line on stderr. Rank 1 is busy with one component
# that would take minutes; rank 0 has a quick one and waits for rank 1 at the gather.
#   tests/run_mpi_signal.sh CLAIMCHECK RULES
set -euo pipefail
claimcheck=$(realpath "$1")
rules=$(realpath "$2")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "run_mpi_signal: $*"; echo "--- stderr"; cat "$work/stderr"; exit 1; }
mkdir "$work/claims"
# Components go to rank (index mod 2) in order of their first claim: A-QUICK's first, HEAVY's
# (heavy_claims.sh) second.
printf 'document:\n  id: A-QUICK\n  title: t\n  published: 2007-03-07\n  author: tests\nclaims:\n  - id: quick\n    said_by: GOM\n    at: a\n    quote: q\n    fact: migrants_repatriated(Morocco, 2006) = 7100\n' \
  > "$work/claims/a-quick.yaml"
bash "$(dirname "$0")/heavy_claims.sh" > "$work/claims/heavy.yaml"

rank_pid() {  # rank_pid MPIRUN_PID RANK: the claimcheck process of that rank
  local pid
  for pid in $(pgrep -P "$1"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2> /dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$2"; then echo "$pid"; return; fi
  done
}

stop_rank() {  # stop_rank RANK SIGNAL EXPECTED_STATUS EXPECTED_LINE (a grep -x pattern)
  local rank=$1 signal=$2 expected_status=$3 expected_line=$4
  echo "the previous report" > "$work/report.md"
  timeout 120 mpirun --oversubscribe -np 2 "$claimcheck" check "$work/claims" --rules "$rules" --threads 1 \
    --max-conflicts 1000000 --rlimit 4000000000 --out "$work/report.md" > /dev/null 2> "$work/stderr" &
  local launcher=$! pid=""
  for _ in $(seq 1 100); do
    pid=$(rank_pid "$(pgrep -P "$launcher" -x mpirun || echo "$launcher")" "$rank")
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || fail "rank $rank did not start"
  sleep 2  # both ranks past loading: rank 1 solving, rank 0 waiting at the gather
  kill -s "$signal" "$pid"
  local start status=0
  start=$(date +%s)
  wait "$launcher" || status=$?
  local elapsed=$(( $(date +%s) - start ))
  [ "$status" -eq "$expected_status" ] || fail "SIG$signal to rank $rank: exit $status, expected $expected_status"
  [ "$elapsed" -le 10 ] || fail "SIG$signal to rank $rank: took ${elapsed}s to stop"
  # mpirun forwards a rank's stderr on its own time: its note on an abort may come first.
  grep -qx -- "$expected_line" "$work/stderr" || fail "SIG$signal to rank $rank: claimcheck's line is missing"
  [ "$(cat "$work/report.md")" = "the previous report" ] || fail "SIG$signal to rank $rank: the previous report changed"
  [ "$(ls -A "$work")" = "$(printf 'claims\nreport.md\nstderr')" ] || fail "stray files: $(ls -A "$work")"
  for _ in $(seq 1 20); do
    pgrep -f "$claimcheck check $work/claims" > /dev/null || break
    sleep 0.1
  done
  ! pgrep -f "$claimcheck check $work/claims" > /dev/null || fail "SIG$signal to rank $rank: a rank is still running"
  echo "run_mpi_signal: SIG$signal to rank $rank: exit $status after ${elapsed}s"
}

# The follower stops: its unfinished component goes to rank 0, which ends the run.
stop_rank 1 TERM 130 \
  "claimcheck: a stop on another rank: 1 of 2 components were solved; no report was written, so $work/report.md is as it was"
# Rank 0 stops, normally while it waits at the gather (on a slow machine, before it has solved
# its own quick component): it does not wait for rank 1's share, and ends it.
stop_rank 0 INT 130 \
  "claimcheck: interrupted by SIGINT: [01] of 2 components were solved; no report was written, so $work/report.md is as it was"
stop_rank 0 TERM 143 \
  "claimcheck: interrupted by SIGTERM: [01] of 2 components were solved; no report was written, so $work/report.md is as it was"
