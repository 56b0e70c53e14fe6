#!/usr/bin/env bash
# Terminal behaviour: a progress line and colour only when stderr is a terminal (a pty from
# util-linux `script`), no colour with NO_COLOR, no progress with --quiet, and nothing extra when
# stderr is a file. Usage: run_terminal.sh CLAIMCHECK RULES
set -euo pipefail
claimcheck=$1 rules=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/claims" "$work/bad"
# 48 components of hundreds of minimal conflicts each (100 listed): about 3 s on one thread,
# well past the half second before a progress line appears.
{
  printf 'document:\n  id: MANY\n  title: t\n  published: 2007-03-07\n  author: tests\nclaims:\n'
  for y in $(seq 1950 1997); do
    for d in $(seq -w 1 12); do
      printf '  - id: y%s-d%s\n    said_by: MOI\n    at: here\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, %s-01-%s) >= 1\n' "$y" "$d" "$y" "$d"
    done
    printf '  - id: y%s\n    said_by: GOM\n    at: here\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, %s) <= 3\n' "$y" "$y"
  done
} > "$work/claims/many.yaml"
printf 'document: {id: BAD, title: t, published: 2007-03-07, author: a}\nclaims:\n  - id: c\n    said_by: GOMM\n    at: here\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, 2006) > 1\n' > "$work/bad/bad.yaml"
fail() { echo "FAIL: $*"; exit 1; }
in_pty() { script -qefc "$1" /dev/null; }
run="$claimcheck check $work/claims --rules $rules --threads 1 --out $work/report.md"

out=$(in_pty "$run" || true)
[[ "$out" == *$'\r'"claimcheck: "*" of 48 components solved, "*" elapsed"* ]] || fail "no progress line on a terminal: $(printf %q "$out")"
[[ "$out" == *$'\r' ]] || fail "the progress line is not erased at the end"

out=$(in_pty "$run --quiet" || true)
[ -z "$out" ] || fail "--quiet still printed: $(printf %q "$out")"

status=0
$run 2> "$work/stderr" || status=$?
[ "$status" -eq 1 ] || fail "exit $status"
[ ! -s "$work/stderr" ] || fail "stderr is a file, yet it got: $(cat "$work/stderr")"

bad="$claimcheck check $work/bad --rules $rules"
out=$(in_pty "$bad" || true)
[[ "$out" == *$'\e[1;31merror:\e[0m'* ]] || fail "no colour on a terminal: $(printf %q "$out")"
out=$(NO_COLOR=1 in_pty "$bad" || true)
[[ "$out" == *"error: unknown entity 'GOMM'"* && "$out" != *$'\e['* ]] || fail "colour despite NO_COLOR: $(printf %q "$out")"
$bad 2> "$work/stderr" || true
! grep -q $'\e\\[' "$work/stderr" || fail "colour in a file"
echo "progress, --quiet, NO_COLOR and plain files behave"
