#!/usr/bin/env bash
# The README's main command: set-up, build, guest image, one emulated arm64 guest with DAX,
# VFIO-style and CXL-style memory, results into a local Prometheus, comparison printed.
# Runs as much of the pipeline as exists and says plainly what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO bash host-runner/tools/setup.sh
for preset in native aarch64; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
done
host=build/native/host-runner/memattr-host
if [[ ! -x $host ]]; then
  echo "memattr: memattr-host is not built yet (host-runner issue open): no guest was booted." >&2
  exit 1
fi
exec host-runner/tools/main_job.sh "$@"
