#!/usr/bin/env bash
# The run history end to end: new, persisting and resolved findings over three runs, the listing
# and a diff; a run killed (SIGKILL) inside its history transaction leaves every earlier run
# intact; four concurrent runs are all recorded. Usage: run_history.sh CLAIMCHECK RULES
set -euo pipefail
claimcheck=$1 rules=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SOURCE_DATE_EPOCH=1764633600  # 2025-12-02T00:00:00Z, so the listing is exact
history="$work/claims/claimcheck-history.sqlite"

# Writes claims/set.yaml with one claim per "id:year:op value" argument.
claims() {
  mkdir -p "$work/claims"
  {
    printf 'document:\n  id: DOC\n  title: t\n  published: 2009-03-07\n  author: tests\nclaims:\n'
    for spec in "$@"; do
      IFS=: read -r id year bound <<< "$spec"
      printf '  - id: %s\n    said_by: GOM\n    at: a\n    quote: q\n    fact: trafficking_rings_dismantled(Morocco, %s) %s\n' \
        "$id" "$year" "$bound"
    done
  } > "$work/claims/set.yaml"
}
check() {
  local status=0
  "$claimcheck" check "$work/claims" --rules "$rules" > "$work/report.md" 2> "$work/stderr" || status=$?
  [ "$status" -eq 1 ] || fail "check exited $status: $(cat "$work/stderr")"
  [ ! -s "$work/stderr" ] || fail "check warned: $(cat "$work/stderr")"
}
expect_line() { grep -qxF "$1" "$work/report.md" || fail "no line '$1' in the report: $(head -12 "$work/report.md")"; }

# Run 1: 2006 and 2007 conflict. Run 2: 2007 resolved, 2008 new, 2006 persists. Run 3: only 2008.
claims "a:2006:> 350" "b:2006:< 300" "c:2007:> 50" "d:2007:< 40"
check
expect_line "Run 1 in the history \`$history\`, the first of these claim sets: every finding is new."
claims "a:2006:> 350" "b:2006:< 300" "c:2007:> 50" "e:2008:> 10" "f:2008:< 5"
check
expect_line "Run 2 in the history \`$history\`. Since run 1, the previous run of these claim sets: 1 new, 1 persisting, 1 resolved."
[ "$(grep -c '^#### .*, new)$' "$work/report.md")" -eq 1 ] || fail "run 2: not one new finding"
[ "$(grep -c '^#### .*, persisting)$' "$work/report.md")" -eq 1 ] || fail "run 2: not one persisting finding"
grep -qE '^- `cc-[0-9a-f]{16}` contradiction by agreement: DOC/c, DOC/d$' "$work/report.md" || fail "run 2: 2007 not resolved"
claims "e:2008:> 10" "f:2008:< 5"
check
expect_line "Run 3 in the history \`$history\`. Since run 2, the previous run of these claim sets: 0 new, 1 persisting, 1 resolved."

listing=$("$claimcheck" history "$work/claims")
expected="history $history: 3 runs
  run  started               scope  claims  findings  suppressed   new  persisting  resolved
    1  2025-12-02T00:00:00Z      1       4         2           0     2           0         0
    2  2025-12-02T00:00:00Z      1       5         2           0     1           1         1
    3  2025-12-02T00:00:00Z      1       2         1           0     0           1         1
scope 1:
  $work/claims/set.yaml"
[ "$listing" = "$expected" ] || fail "listing differs:
$listing
--- expected
$expected"
diff_text=$("$claimcheck" history --history "$history" --diff 1 3)
[ "$(echo "$diff_text" | head -1)" = "run 1 -> run 3: 1 new, 0 persisting, 2 resolved" ] || fail "diff: $diff_text"
echo "$diff_text" | grep -qE '^  \+ cc-[0-9a-f]{16} contradiction by agreement: DOC/e, DOC/f$' || fail "diff: $diff_text"
status=0
"$claimcheck" history --history "$history" --diff 1 9 2> "$work/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qxF "claimcheck: error: no run 9 in this history (it has runs 1..3)" "$work/stderr" ||
  fail "a missing run: exit $status, $(cat "$work/stderr")"

# Killed inside the history transaction (held open 5 s for this test): no run 4, runs 1-3 intact.
CLAIMCHECK_HISTORY_PAUSE_MS=5000 "$claimcheck" check "$work/claims" --rules "$rules" > /dev/null 2>&1 &
pid=$!
sleep 2
kill -KILL "$pid"
wait "$pid" 2> /dev/null || true
listing_after=$("$claimcheck" history "$work/claims") || fail "the history does not open after the kill"
[ "$listing_after" = "$expected" ] || fail "the kill changed the history:
$listing_after"
check
expect_line "Run 4 in the history \`$history\`. Since run 3, the previous run of these claim sets: 0 new, 1 persisting, 0 resolved."

# Four concurrent writers, each holding its transaction 300 ms: all four recorded, in some order,
# each against a complete earlier run.
pids=()
for k in 1 2 3 4; do
  CLAIMCHECK_HISTORY_PAUSE_MS=300 "$claimcheck" check "$work/claims" --rules "$rules" > "$work/concurrent-$k.md" \
    2> "$work/concurrent-$k.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 1 ] || fail "a concurrent run exited $status"
done
cat "$work"/concurrent-*.err | grep . && fail "a concurrent run warned"
listing=$("$claimcheck" history "$work/claims")
[ "$(echo "$listing" | head -1)" = "history $history: 8 runs" ] || fail "concurrent runs: $listing"
[ "$(echo "$listing" | awk '$1 >= 4 && $1 <= 8 && $7 == 0 && $8 == 1 && $9 == 0' | wc -l)" -eq 5 ] ||
  fail "concurrent runs are not all 0 new, 1 persisting, 0 resolved: $listing"
runs=$(cat "$work"/concurrent-*.md | grep -o '^Run [0-9]' | sort | tr '\n' ' ')
[ "$runs" = "Run 5 Run 6 Run 7 Run 8 " ] || fail "concurrent runs numbered $runs"
echo "history: three runs, a kill inside the transaction, four concurrent writers: all as expected"
