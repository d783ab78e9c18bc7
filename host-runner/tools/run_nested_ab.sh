#!/usr/bin/env bash
# The nested KVM A/B (issue 9) from one command, after README's set-up and build:
# builds the L2 guest image and one emulated-host (L1) image per kernel series (cached), then
# runs host-runner/scenarios/nested-ab.yaml: L2 under an L1 running Linux 6.12 and under one
# running 7.x, both summaries (with cap 243 per host) and their comparison printed.
#   run_nested_ab.sh [--results DIR] [memattr-host run options...]
# Exit: memattr-host's (1 is expected: the 6.12 host degrades the devdax BAR).
set -euo pipefail
cd "$(dirname "$0")/../.."
host=build/native/host-runner/memattr-host
arm_host=build/aarch64/host-runner/memattr-host
agent=build/aarch64/guest-agent/memattr-agent
for f in "$host" "$arm_host" "$agent"; do
  [[ -x $f ]] || { echo "run_nested_ab: $f not built (cmake --build --preset native / aarch64)" >&2; exit 2; }
done
start=$(date +%s)
"$host" image build --output build/guest-image --agent "$agent"
for series in 6.12 7; do
  "$host" image build --role host --kernel-series "$series" --guest-image build/guest-image \
    --host-binary "$arm_host" --output "build/host-image-$series"
done
echo "run_nested_ab: images ready in $(( $(date +%s) - start )) s" >&2
results=${MEMATTR_RESULTS:-results/nested-ab-$(date -u +%Y%m%dT%H%M%SZ)}
set +e
"$host" run host-runner/scenarios/nested-ab.yaml --results "$results" "$@"
code=$?
set -e
echo "run_nested_ab: memattr-host exit $code after $(( $(date +%s) - start )) s; results in $results" >&2
exit $code
