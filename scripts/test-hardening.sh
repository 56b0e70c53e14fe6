#!/usr/bin/env bash
# Hardening, run by scripts/test.sh after the ordinary tests: the whole test suite again in a
# clang build with AddressSanitizer and UndefinedBehaviorSanitizer (any report fails the test),
# then each libFuzzer target for a bounded time over its seed corpus (tests/fuzz/corpus/). A crash,
# leak, hang or memory blow-up fails the run; libFuzzer leaves the input in build-hardening/.
# CLAIMCHECK_FUZZ_SECONDS (default 60) sets the time per target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh clang-14 libclang-rt-14-dev
cmake -S . -B build-hardening -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCLAIMCHECK_SANITIZE=ON -DCLAIMCHECK_FUZZ=ON >&2
cmake --build build-hardening -j "$(nproc)" >&2

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The property test is about ten times slower here; 200 random problems instead of 1,000.
(cd build-hardening && CLAIMCHECK_PROPERTY_ROUNDS=200 ctest --output-on-failure -j "$(nproc)")

seconds=${CLAIMCHECK_FUZZ_SECONDS:-60}
for target in claim_set claim_lines rule_pack fact solve; do
  found=$(mktemp -d)  # new inputs go here; the committed seeds stay as they are
  echo "fuzzing $target for ${seconds}s" >&2
  build-hardening/tests/fuzz/fuzz_$target -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="build-hardening/fuzz-$target-" "$found" "tests/fuzz/corpus/$target" \
    2> "build-hardening/fuzz-$target.log" || { tail -60 "build-hardening/fuzz-$target.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-hardening/fuzz-$target.log" | tr '\n' ' ' >&2
  echo >&2
  rm -rf "$found"
done
