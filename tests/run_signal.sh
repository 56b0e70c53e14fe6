#!/usr/bin/env bash
# A run stopped by a signal leaves the previous report and the run history untouched, writes no
# other file, says
# what was not finished and exits with 128 + the signal. Usage: run_signal.sh CLAIMCHECK RULES SIGNAL
set -euo pipefail
claimcheck=$1 rules=$2 signal=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/claims"
# One component that keeps the solver busy for minutes, and a quick consistent one.
{
  bash "$(dirname "$0")/heavy_claims.sh"
  printf '  - id: quick\n    said_by: GOM\n    at: other\n    quote: q\n    fact: migrants_repatriated(Morocco, 2006) = 7100\n'
} > "$work/claims/heavy.yaml"
echo "the previous report" > "$work/report.md"
# An earlier run in the history, which the stopped run must leave as it is.
mkdir "$work/quick"
printf 'document:\n  id: QUICK\n  title: t\n  published: 2007-03-07\n  author: tests\nclaims:\n  - id: q\n    said_by: GOM\n    at: a\n    quote: q\n    fact: migrants_repatriated(Morocco, 2006) = 7100\n' \
  > "$work/quick/quick.yaml"
"$claimcheck" check "$work/quick" --rules "$rules" --history "$work/history.sqlite" > /dev/null
"$claimcheck" check "$work/claims" --rules "$rules" --threads 2 --max-conflicts 1000000 --rlimit 4000000000 \
  --out "$work/report.md" --history "$work/history.sqlite" 2> "$work/stderr" &
pid=$!
sleep 2
kill -s "$signal" "$pid"
start=$(date +%s)
status=0
wait "$pid" || status=$?
elapsed=$(( $(date +%s) - start ))
expected_status=$(( 128 + $(kill -l "$signal") ))
fail() { echo "FAIL: $*"; echo "--- stderr"; cat "$work/stderr"; exit 1; }
[ "$status" -eq "$expected_status" ] || fail "exit $status, expected $expected_status"
[ "$elapsed" -le 5 ] || fail "took ${elapsed}s to stop after SIG$signal"
grep -qx "claimcheck: interrupted by SIG$signal: [01] of 2 components were solved; no report was written, so $work/report.md is as it was" "$work/stderr" ||
  fail "unexpected message"
[ "$(cat "$work/report.md")" = "the previous report" ] || fail "the previous report changed"
[ "$(ls -A "$work")" = "$(printf 'claims\nhistory.sqlite\nquick\nreport.md\nstderr')" ] || fail "stray files: $(ls -A "$work")"
[ "$("$claimcheck" history --history "$work/history.sqlite" | head -1)" = "history $work/history.sqlite: 1 run" ] ||
  fail "the history changed: $("$claimcheck" history --history "$work/history.sqlite")"
echo "SIG$signal: exit $status after ${elapsed}s; $(cat "$work/stderr")"
