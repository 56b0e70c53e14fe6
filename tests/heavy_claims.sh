#!/usr/bin/env bash
# Prints a claim set whose one component keeps the solver busy for minutes: 40 daily counts of
# at least 1 against a yearly total of at most 5 (C(40, 6) minimal conflicts). For the tests
# that stop a run while it solves (run_signal.sh, run_mpi_signal.sh).
set -euo pipefail
printf 'document:\n  id: HEAVY\n  title: many overlapping conflicts\n  published: 2007-03-07\n  author: tests\nclaims:\n'
for d in $(seq 1 40); do
  day=$(date -d "2006-02-01 + $((d - 1)) days" +%F)
  printf '  - id: day-%02d\n    said_by: MOI\n    at: day %d\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, %s) >= 1\n' "$d" "$d" "$day"
done
printf '  - id: year\n    said_by: GOM\n    at: total\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, 2006) <= 5\n'
