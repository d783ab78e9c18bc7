#!/bin/sh
# One memattr run on this Slurm node, its result for node_exporter's textfile collector. Start one
# task on each node of the partition:
#   srun --nodes=8 --ntasks-per-node=1 /srv/memattr/host-runner/examples/slurm/memattr-run.sh
# The node's rack is its Slurm feature rack_NAME (slurm.conf: NodeName=r1-a ... Features=rack_r1),
# so the scheduler's node list is the one inventory. Site paths below; srun passes the submitting
# environment to each task, so MEMATTR_*=... before srun overrides them.
# Exit code: memattr-host run's (0 as expected, 1 a degraded/unsafe verdict or a failed run,
# both with a result written), or 2 when the node has no rack feature.
set -eu
memattr_host=${MEMATTR_HOST:-memattr-host}
scenario=${MEMATTR_SCENARIO:-/srv/memattr/host-runner/scenarios/default.yaml}
image=${MEMATTR_IMAGE:-/srv/memattr/guest-image}
results_root=${MEMATTR_RESULTS_ROOT:-/var/lib/memattr}
textfile_dir=${MEMATTR_TEXTFILE_DIR:-/var/lib/prometheus/node-exporter}

node=${SLURMD_NODENAME:?memattr-run.sh: not a Slurm task (no SLURMD_NODENAME): start it with srun}
rack=$(scontrol show node "$node" | sed -n 's/.*AvailableFeatures=\(.*,\)\{0,1\}rack_\([^, ]*\).*/\2/p')
if [ -z "$rack" ]; then
  echo "memattr-run.sh: node $node has no rack_NAME feature (slurm.conf Features=)" >&2
  exit 2
fi
exec "$memattr_host" run "$scenario" --image "$image" \
  --results "$results_root/$node-$SLURM_JOB_ID" --host-name "$node" --label "rack=$rack" \
  --textfile-dir "$textfile_dir"
