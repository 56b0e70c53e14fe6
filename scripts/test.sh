#!/usr/bin/env bash
# Quick start 2: the same, then every test (unit, expected-output cases, bad input, golden reports).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
scripts/check.sh > /dev/null || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "claimcheck check claims/ failed with exit $status" >&2
  exit "$status"
fi
cd build
ctest --output-on-failure -j "$(nproc)"
