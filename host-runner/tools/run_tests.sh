#!/usr/bin/env bash
# The README's test command: set-up, native + aarch64 cross build, every ctest test.
# Usage: host-runner/tools/run_tests.sh [ctest args...]   (e.g. -L bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO bash host-runner/tools/setup.sh
jobs=$(nproc)
for preset in native aarch64; do
  echo "== configure + build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
done
# The arm64 guest image (downloads cached under ~/.cache/memattr) for the e2e tests that boot it.
echo "== guest image"
build/native/host-runner/memattr-host image build --output build/guest-image \
  --agent build/aarch64/guest-agent/memattr-agent
# arm64 unit tests under qemu-user first, then the native suite (which holds the e2e tests),
# so that ctest's final summary is the last thing printed.
echo "== ctest: aarch64 (qemu-aarch64-static)"
ctest --preset aarch64 -j "$jobs" "$@"
echo "== ctest: native"
ctest --preset native -j "$jobs" "$@"
