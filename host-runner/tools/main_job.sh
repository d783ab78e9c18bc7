#!/usr/bin/env bash
# The main job after set-up and build (called by run_main_job.sh): guest image (cached), then
# host-runner/scenarios/default.yaml in one TCG guest, summary printed, results exported.
#   main_job.sh [--results DIR] [memattr-host run options...]
# Environment: MEMATTR_RESULTS (results directory), MEMATTR_PUSHGATEWAY (push there too),
# MEMATTR_HOST (memattr-host binary; default build/native/host-runner/memattr-host).
set -euo pipefail
cd "$(dirname "$0")/../.."
host=${MEMATTR_HOST:-build/native/host-runner/memattr-host}
agent=build/aarch64/guest-agent/memattr-agent
image=build/guest-image
[[ -x $host ]] || { echo "main_job: $host not built" >&2; exit 1; }
[[ -x $agent ]] || echo "main_job: note: $agent not built; the image will have no agent" >&2
start=$(date +%s)
"$host" image build --output "$image" --agent "$agent"
echo "main_job: image ready in $(( $(date +%s) - start )) s" >&2
# Results: an OpenMetrics file for backfilling; a Pushgateway when MEMATTR_PUSHGATEWAY is set.
export_args=(--openmetrics "$image/../memattr-last-run.om")
[[ -n ${MEMATTR_PUSHGATEWAY:-} ]] && export_args+=(--pushgateway "$MEMATTR_PUSHGATEWAY")
results=${MEMATTR_RESULTS:-results/default-$(date -u +%Y%m%dT%H%M%SZ)}
set +e
"$host" run host-runner/scenarios/default.yaml --image "$image" --results "$results" \
  "${export_args[@]}" "$@"
code=$?
set -e
echo "main_job: memattr-host exit $code after $(( $(date +%s) - start )) s (0 as expected, 1 degraded/failed, 2 bad input, 74 results not written, 124 timeout)" >&2
# Results that could not be written are not pushed or reported: the pipeline stops at that step.
if ((code == 74)); then
  echo "main_job: results in $results are incomplete (a write failed: see above); nothing exported" >&2
  exit $code
fi
if [[ -f $results/results.json ]]; then
  # The local stack on loopback: Prometheus (rules, alerts) + Pushgateway, left running.
  MEMATTR_HOST=$host dashboards/tools/local_stack.sh start "$results" || echo "main_job: local Prometheus stack failed (see above); results stay in $results" >&2
  "$host" report "$results" --junit "$results/junit.xml" || true
  echo "main_job: results in $results (results.json for compare.py, events.jsonl, report.html, junit.xml)"
fi
exit $code
