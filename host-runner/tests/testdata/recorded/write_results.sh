#!/bin/sh
# The results directories the export, report and dashboard tests read, written by the real
# writer (memattr-results-from-events) from the recorded run (README.md here):
#   OUT/tcg-default           the recorded run, as it was recorded
#   OUT/tcg-default-kernel-b  the same events; memattr.host_kernel set to a second kernel
#                             (kernel A vs B comparisons, fleets of two hosts)
#   OUT/tcg-default-alerting  derive_alerting_run.py's two changed events (alerts to fire),
#                             from the derived events in OUT-inputs/alerting
# usage: write_results.sh TOOL RECORDED_ROOT OUT   (TOOL may be "EMULATOR BINARY")
set -eu
tool=$1 recorded=$2/tcg-default out=$3
here=$(dirname "$0")
rm -rf "$out" "$out-inputs"
mkdir -p "$out"
$tool "$recorded" "$out/tcg-default"
$tool "$recorded" "$out/tcg-default-kernel-b" \
  --context "memattr.host_kernel=6.19.0-kernel-b #1 SMP PREEMPT_DYNAMIC (derived: the recorded events under a second host kernel)"
/usr/bin/python3 "$here/derive_alerting_run.py" "$recorded" "$out-inputs/alerting"
$tool "$out-inputs/alerting" "$out/tcg-default-alerting"
echo "write_results: $out/tcg-default, tcg-default-kernel-b, tcg-default-alerting"
