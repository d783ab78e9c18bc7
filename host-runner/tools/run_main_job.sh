#!/usr/bin/env bash
# The README's main command: set-up, build (only the targets it runs), guest image, one emulated
# arm64 guest with DAX, VFIO-style and CXL-style memory, results into a local Prometheus,
# comparison printed.
# Runs as much of the pipeline as exists and says plainly what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO bash host-runner/tools/setup.sh
# Only what the main job runs: the native memattr-host (image builder, runner, report, export)
# and the arm64 memattr-agent for the image (the image builder compiles the guest module itself);
# no test binary. run_tests.sh builds everything in the same build directories.
build_targets() {  # PRESET WHAT TARGET...
  local preset=$1 what=$2 start=$SECONDS
  shift 2
  echo "run_main_job: building $what ($preset: $*)..." >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" --target "$@"
  echo "run_main_job: $what built in $(( SECONDS - start )) s" >&2
}
build_targets native "the host runner" memattr-host
build_targets aarch64 "the arm64 guest agent" memattr-agent
host=build/native/host-runner/memattr-host
if [[ ! -x $host ]]; then
  echo "memattr: memattr-host is not built yet (host-runner issue open): no guest was booted." >&2
  exit 1
fi
exec host-runner/tools/main_job.sh "$@"
