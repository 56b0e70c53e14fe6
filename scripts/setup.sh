#!/usr/bin/env bash
# Installs the Debian packages claimcheck needs (only the missing ones) and builds it in build/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-packages.sh cmake ninja-build g++ pkg-config libz3-dev libyaml-cpp-dev libboost-dev catch2 \
  libcli11-dev libfmt-dev nlohmann-json3-dev libsqlite3-dev libsimdjson-dev libjemalloc-dev libgmp-dev

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j "$(nproc)" >&2
