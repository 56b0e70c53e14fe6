#!/usr/bin/env bash
# check --stream writes the JSON report of the whole run byte for byte, whatever the batch size
# and thread count; bad input gives the same diagnostics as a run that holds the corpus; what
# it cannot do it refuses by name. Usage: run_stream.sh CLAIMCHECK CORPUS_GENERATOR ROOT
set -euo pipefail
claimcheck=$1 generate=$2 root=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# exit code and report of a whole run against streamed runs
compare() {  # NAME CLAIMS RULES BATCH_SIZES...
  local name=$1 claims=$2 rules=$3 expected_code code
  shift 3
  set +e
  "$claimcheck" check "$claims" --rules "$rules" --format json --no-history --quiet > "$work/$name.whole.json"
  expected_code=$?
  set -e
  for batch in "$@"; do
    for threads in 1 2; do
      set +e
      "$claimcheck" check "$claims" --rules "$rules" --format json --stream --batch-claims $batch --threads $threads \
        --quiet --out "$work/$name.stream.json"
      code=$?
      set -e
      [ "$code" = "$expected_code" ] || fail "$name, batches of $batch, $threads threads: exit $code, expected $expected_code"
      cmp -s "$work/$name.whole.json" "$work/$name.stream.json" ||
        fail "$name, batches of $batch, $threads threads: the report differs: $(diff "$work/$name.whole.json" "$work/$name.stream.json" | head -20)"
    done
  done
  echo "ok: $name: streamed reports are the whole run's ($(wc -c < "$work/$name.whole.json") bytes, exit $expected_code)"
}

compare seeds "$root/tests/cases/seeds-jsonl/claims" "$root/rules" 1 7 1000000
"$generate" --claims 3000 --seed 11 --out "$work/synthetic" > /dev/null
compare synthetic "$work/synthetic/corpus.jsonl" "$work/synthetic/rules" 50 1000 1000000

# Bad input: the diagnostics of the rows the bad-input corpus has for JSON Lines.
for input in "$root"/tests/bad-input/jsonl-*.jsonl; do
  name=$(basename "$input" .jsonl)
  extra=()
  [ -f "${input%.jsonl}.args" ] && mapfile -t extra < "${input%.jsonl}.args"
  set +e
  "$claimcheck" check "$input" --rules "$root/rules" --no-history "${extra[@]}" > /dev/null 2> "$work/$name.whole.err"
  set -e
  for threads in 1 2; do
    set +e
    "$claimcheck" check "$input" --rules "$root/rules" --no-history --threads $threads "${extra[@]}" > /dev/null \
      2> "$work/$name.whole-$threads.err"
    "$claimcheck" check "$input" --rules "$root/rules" --format json --stream --out "$work/$name.json" --threads $threads \
      "${extra[@]}" 2> "$work/$name.stream-$threads.err"
    code=$?
    set -e
    [ "$code" = 2 ] || fail "$name: exit $code with --stream, expected 2"
    [ ! -e "$work/$name.json" ] || fail "$name: a report was written"
    for run in whole stream; do
      cmp -s "$work/$name.whole.err" "$work/$name.$run-$threads.err" ||
        fail "$name, $run, $threads threads: the diagnostics differ: $(diff "$work/$name.whole.err" "$work/$name.$run-$threads.err" | head -20)"
    done
  done
done
echo "ok: bad input gives the same diagnostics with --stream, and on 1 and 2 threads"

# Errors spread over a corpus larger than the first pass's chunks of 4,096 claims, which up to
# eight normalizers take in turn: unknown speakers and entities on every 97th and 89th claim
# line.
"$generate" --claims 10000 --seed 12 --out "$work/larger" > /dev/null
awk 'NR % 97 == 40 { sub(/"said_by":"S[0-9]+"/, "\"said_by\":\"Nobody\"") }
     NR % 89 == 30 { sub(/\(E[0-9]+,/, "(Atlantis,") }
     { print }' "$work/larger/corpus.jsonl" > "$work/broken.jsonl"
set +e
"$claimcheck" check "$work/broken.jsonl" --rules "$work/larger/rules" --no-history > /dev/null 2> "$work/broken.whole.err"
set -e
grep -q "errors; nothing was checked" "$work/broken.whole.err" || fail "the broken corpus gave no errors"
for threads in 1 2 8; do
  set +e
  "$claimcheck" check "$work/broken.jsonl" --rules "$work/larger/rules" --format json --stream --threads $threads \
    --out "$work/broken.json" 2> "$work/broken.stream.err"
  set -e
  cmp -s "$work/broken.whole.err" "$work/broken.stream.err" ||
    fail "broken corpus, $threads threads: the diagnostics differ: $(diff "$work/broken.whole.err" "$work/broken.stream.err" | head -20)"
done
echo "ok: a corpus with $(tail -1 "$work/broken.whole.err" | cut -d' ' -f1) errors gives the same diagnostics with --stream"

# Two files: the second declares three documents of the first again, an error only the
# normalizing stage finds (its sets span the files), after 10,000 claims with errors of their own.
mkdir "$work/two"
awk 'NR % 997 == 40 { sub(/"said_by":"S[0-9]+"/, "\"said_by\":\"Nobody\"") } { print }' \
  "$work/larger/corpus.jsonl" > "$work/two/a.jsonl"
awk 'NR <= 3 || (/"document":"D1"/ && claims++ < 2)' "$work/larger/corpus.jsonl" > "$work/two/b.jsonl"
set +e
"$claimcheck" check "$work/two/a.jsonl" "$work/two/b.jsonl" --rules "$work/larger/rules" --no-history > /dev/null \
  2> "$work/two.whole.err"
set -e
[ "$(grep -c "b.jsonl:[123]:14: error: document id 'D[012]' is used twice" "$work/two.whole.err")" = 3 ] ||
  fail "two files: expected three documents used twice: $(cat "$work/two.whole.err")"
for threads in 1 2 8; do
  set +e
  "$claimcheck" check "$work/two/a.jsonl" "$work/two/b.jsonl" --rules "$work/larger/rules" --format json --stream \
    --threads $threads --out "$work/two.json" 2> "$work/two.stream.err"
  set -e
  cmp -s "$work/two.whole.err" "$work/two.stream.err" ||
    fail "two files, $threads threads: the diagnostics differ: $(diff "$work/two.whole.err" "$work/two.stream.err" | head -20)"
done
echo "ok: documents declared again in a second file give the same diagnostics with --stream"

# A broken rule pack, read while the first pass reads the corpus: its errors alone, as a whole
# run prints them, and no report.
mkdir -p "$work/broken-rules"
sed 's/^  - words: \[more than\]$/  - words: [more than]\n    lower: {offset: nonsense}/; s/^    args: \[entity, period\]$/    args: [entity, epoch]/' \
  "$work/larger/rules/synthetic.yaml" > "$work/broken-rules/synthetic.yaml"
set +e
"$claimcheck" check "$work/larger/corpus.jsonl" --rules "$work/broken-rules" --no-history > /dev/null 2> "$work/rules.whole.err"
set -e
grep -q "^4 errors; nothing was checked$" "$work/rules.whole.err" ||
  fail "the broken rule pack gave no errors: $(cat "$work/rules.whole.err")"
for threads in 1 2; do
  set +e
  "$claimcheck" check "$work/larger/corpus.jsonl" --rules "$work/broken-rules" --format json --stream --threads $threads \
    --out "$work/rules.json" 2> "$work/rules.stream.err"
  code=$?
  set -e
  [ "$code" = 2 ] || fail "broken rule pack, $threads threads: exit $code"
  [ ! -e "$work/rules.json" ] || fail "broken rule pack, $threads threads: a report was written"
  cmp -s "$work/rules.whole.err" "$work/rules.stream.err" ||
    fail "broken rule pack, $threads threads: the diagnostics differ: $(diff "$work/rules.whole.err" "$work/rules.stream.err" | head -20)"
done
echo "ok: a broken rule pack read beside the first pass gives the whole run's diagnostics"

# Found only by the whole corpus: a claim id twice in a document, a reference to a claim of a
# document further on, and one to a claim that does not exist. (A run that holds the corpus
# stops at the duplicate, a load error, before it reads facts and references; the first pass
# of --stream does both, so it says more.)
cat > "$work/refs.jsonl" <<'JSONL'
{"document": {"id": "A", "published": "2007-03-07"}}
{"claim": {"document": "A", "id": "a1", "said_by": "GOM", "at": "p1", "quote": "q", "fact": "migrants_repatriated(Morocco, 2006) = 7100", "related": ["B/b1"]}}
{"claim": {"document": "A", "id": "a1", "said_by": "GOM", "at": "p2", "quote": "q", "fact": "migrants_repatriated(Morocco, 2006) = 7100"}}
{"document": {"id": "B", "published": "2007-03-07"}}
{"claim": {"document": "B", "id": "b1", "said_by": "GOM", "at": "p1", "quote": "q", "fact": "migrants_repatriated(Morocco, 2005) = 7000", "related": ["b2", "A/a1"]}}
JSONL
set +e
"$claimcheck" check "$work/refs.jsonl" --rules "$root/rules" --format json --stream --out "$work/refs.json" 2> "$work/refs.err"
code=$?
set -e
[ "$code" = 2 ] || fail "refs: exit $code, expected 2"
expected="$work/refs.jsonl:3:11: error: duplicate claim id 'a1' in document 'A' (first at line 2)"
grep -qF "$expected" "$work/refs.err" || fail "refs: no '$expected' in: $(cat "$work/refs.err")"
expected="$work/refs.jsonl:5:152: error: unknown claim id 'b2' in related (did you mean 'b1'?)"
grep -qF "$expected" "$work/refs.err" || fail "refs: no '$expected' in: $(cat "$work/refs.err")"
[ "$(grep -c 'error:' "$work/refs.err")" = 2 ] || fail "refs: expected 2 errors: $(cat "$work/refs.err")"
echo "ok: duplicate ids and unknown references are found across the corpus"

# What --stream cannot do, it refuses by name.
refuse() {  # EXPECTED ARGS...
  local expected=$1
  shift
  set +e
  "$claimcheck" check "$@" 2> "$work/refused.err"
  code=$?
  set -e
  [ "$code" = 2 ] || fail "refusal: exit $code for $*"
  grep -qxF "claimcheck: error: $expected" "$work/refused.err" || fail "refusal: expected '$expected', got: $(cat "$work/refused.err")"
}
corpus="$work/synthetic/corpus.jsonl"
rules="$work/synthetic/rules"
refuse "--stream writes a JSON report batch by batch, and needs --out FILE" "$corpus" --rules "$rules" --format json --stream
refuse "--stream writes a JSON report batch by batch, and needs --format json" "$corpus" --rules "$rules" --stream --out "$work/r.md"
refuse "--stream writes a JSON report batch by batch, and needs no --suppressions" "$corpus" --rules "$rules" --format json \
  --stream --out "$work/r.json" --suppressions "$root/reviews/suppressions.yaml"
# The claims are spooled beside the report: a report directory that is not there stops the run.
refuse "cannot create a temporary file in $work/missing: No such file or directory" "$corpus" --rules "$rules" \
  --format json --stream --out "$work/missing/r.json"
mkdir -p "$work/yaml"
cp "$root/claims/"*.yaml "$work/yaml/"
first=$(ls "$work/yaml/"*.yaml | head -1)
set +e
"$claimcheck" check "$first" --rules "$root/rules" --format json --stream --out "$work/r.json" 2> "$work/refused.err"
code=$?
set -e
[ "$code" = 2 ] || fail "yaml: exit $code"
grep -qF "$first: error: --stream reads JSON Lines corpora (.jsonl); check this claim set without --stream" "$work/refused.err" ||
  fail "yaml: $(cat "$work/refused.err")"
echo "ok: refusals name what --stream needs"

# Stopped by SIGINT in a batch: no report, the previous one as it was, no temporary file left
# beside it (the quick component is solved unless the signal comes first, on a slow machine). One
# component keeps the solver busy for minutes (40 daily counts of at least 1
# against a yearly total of at most 5), after a quick one that is solved first.
mkdir "$work/stop"
{
  printf '{"document": {"id": "HEAVY", "published": "2007-03-07"}}\n'
  printf '{"claim": {"document": "HEAVY", "id": "a-quick", "said_by": "GOM", "at": "a", "quote": "q", "fact": "migrants_repatriated(Morocco, 2006) = 7100"}}\n'
  for d in $(seq 1 40); do
    day=$(date -d "2006-02-01 + $((d - 1)) days" +%F)
    printf '{"claim": {"document": "HEAVY", "id": "day-%02d", "said_by": "MOI", "at": "d", "quote": "q", "fact": "trafficking_rings_dismantled(Morocco, %s) >= 1"}}\n' "$d" "$day"
  done
  printf '{"claim": {"document": "HEAVY", "id": "year", "said_by": "GOM", "at": "y", "quote": "q", "fact": "trafficking_rings_dismantled(Morocco, 2006) <= 5"}}\n'
} > "$work/stop/heavy.jsonl"
echo "the previous report" > "$work/stop/report.json"
"$claimcheck" check "$work/stop/heavy.jsonl" --rules "$root/rules" --format json --stream --batch-claims 1 --threads 2 \
  --max-conflicts 1000000 --rlimit 4000000000 --out "$work/stop/report.json" 2> "$work/stop.err" &
pid=$!
sleep 2
kill -s INT "$pid"
status=0
wait "$pid" || status=$?
[ "$status" = 130 ] || fail "SIGINT: exit $status, expected 130: $(cat "$work/stop.err")"
grep -qx "claimcheck: interrupted by SIGINT: [01] of 2 components were solved; no report was written, so $work/stop/report.json is as it was" "$work/stop.err" ||
  fail "SIGINT: unexpected message: $(cat "$work/stop.err")"
[ "$(cat "$work/stop/report.json")" = "the previous report" ] || fail "SIGINT: the previous report changed"
[ "$(ls -A "$work/stop")" = "$(printf 'heavy.jsonl\nreport.json')" ] || fail "SIGINT: stray files: $(ls -A "$work/stop")"
echo "ok: SIGINT stops a streamed run and leaves the previous report"
