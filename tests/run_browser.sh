#!/usr/bin/env bash
# The HTML report in a real browser: Debian's chromium, headless, loads the report of the shipped
# claim sets; no console message may appear (the page's Content-Security-Policy turns any script
# or network request into one), the rendered DOM must show every finding, and a screenshot is kept
# in ARTIFACTS. A page with a console error must be caught, so the check itself is tested.
# Usage: run_browser.sh CLAIMCHECK ROOT ARTIFACTS. Exit 77 (skipped) without chromium.
set -euo pipefail
claimcheck=$1 root=$2 artifacts=$3
command -v chromium > /dev/null || { echo "chromium is not installed (scripts/test.sh installs it)"; exit 77; }
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
browse() {  # browse FILE: the DOM after loading on stdout, the browser's log in $work/log
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=2000 --dump-dom "file://$1" 2> "$work/log"
}
console() { grep -E 'CONSOLE|Refused to|Uncaught' "$work/log" || true; }

# The check of the check: a console error on a page is seen.
printf '<!DOCTYPE html><html><head><title>t</title></head><body><script>console.error("planted")</script></body></html>\n' \
  > "$work/bad.html"
browse "$work/bad.html" > /dev/null
console | grep -q planted || fail "a planted console error was not seen; browser log: $(tail -5 "$work/log")"

cd "$root"
status=0
"$claimcheck" check claims --rules rules --suppressions reviews/suppressions.yaml --no-history --format html \
  --out "$artifacts/seeds.html" || status=$?
[ "$status" -eq 1 ] || fail "claimcheck exited $status"
"$claimcheck" check claims --rules rules --suppressions reviews/suppressions.yaml --no-history --format json \
  > "$work/report.json" || true
expected=$(sed -n 's/^    "findings": \([0-9]*\),$/\1/p' "$work/report.json")
[ -n "$expected" ] || fail "no finding count in the JSON report"
browse "$artifacts/seeds.html" > "$work/dom.html"
messages=$(console)
[ -z "$messages" ] || fail "console messages: $messages"
shown=$(grep -o '<section class="finding' "$work/dom.html" | wc -l)
[ "$shown" -eq "$expected" ] || fail "the browser shows $shown findings, the report has $expected"
grep -q "<strong>$expected findings shown:</strong>" "$work/dom.html" || fail "no summary of $expected findings"
[ "$(grep -o '<div class="chart"' "$work/dom.html" | wc -l)" -ge 1 ] || fail "no chart rendered"
grep -q '<table class="matrix">' "$work/dom.html" || fail "no source matrix"
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
  --window-size=1280,6000 --screenshot="$artifacts/seeds.png" "file://$artifacts/seeds.html" 2> /dev/null
[ "$(head -c 8 "$artifacts/seeds.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "no PNG screenshot"
echo "chromium: $shown findings shown, no console message; screenshot $artifacts/seeds.png"
