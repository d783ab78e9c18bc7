#!/usr/bin/env bash
# The nested KVM A/B (issue 9) from one command, after README's set-up and build:
# builds the L2 guest image and one emulated-host (L1) image per kernel series (cached), then
# runs the three nested scenarios of host-runner/scenarios, each into RESULTS/NAME:
#   nested-ab     L2 with L1's devdax and L1's cacheable PFNMAP as BARs, under L1 = Linux 6.12
#                 and L1 = 7.x: both summaries (with cap 243 per host) and their comparison;
#   nested-numa   L1's devdax as L2's CPU-less NUMA node (under 6.12 L2 cannot boot);
#   nested-numa-pfnmap  the same with L1's cacheable PFNMAP;
#   nested-nofwb  L1 = 7.x on a CPU without FWB (Neoverse-N1): KVM refuses the PFNMAP memslot;
#   nested-vfio   an L1 BAR passed through to L2 with vfio-pci: the same under both kernels.
#   run_nested_ab.sh [memattr-host run options...]     RESULTS: $MEMATTR_RESULTS or results/nested-TIME
# Exit: the highest of memattr-host's (1 is expected: 6.12 degrades, the NUMA boot fails, 7.x
# without FWB refuses a region); its check is the ctest host_runner_nested_ab_e2e.
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
results=${MEMATTR_RESULTS:-results/nested-$(date -u +%Y%m%dT%H%M%SZ)}
worst=0
for name in nested-ab nested-numa nested-numa-pfnmap nested-nofwb nested-vfio; do
  set +e
  "$host" run "host-runner/scenarios/$name.yaml" --results "$results/$name" "$@"
  code=$?
  set -e
  echo "run_nested_ab: $name: memattr-host exit $code after $(( $(date +%s) - start )) s; results in $results/$name" >&2
  (( code > worst )) && worst=$code
done
exit $worst
