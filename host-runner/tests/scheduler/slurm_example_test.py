#!/usr/bin/env python3
"""Issue 18: the Slurm example (host-runner/examples/slurm/memattr-run.sh), unchanged, started by
srun as one task on the one node of a Slurm cluster of this machine's own (slurm_cluster.py:
munged, slurmctld and slurmd on loopback, stopped at the end). The node's rack is its Slurm
feature, as at a site; the MEMATTR_* paths of this build go through srun's environment. srun must
exit 0 (RAM as Normal-WB is as expected) and the run leave its results directory and node_exporter
textfile (example_result.py).
Usage: slurm_example_test.py MEMATTR_HOST IMAGE_DIR WORK_DIR
       (exit 77: slurm-wlm or munge not installed, not root, or no agent in the image)
"""
import os
import signal
import subprocess
import sys

from example_result import (expect_example_result, fail, fresh_example_dirs,
                            skip_without_agent)
from slurm_cluster import ClusterError, SlurmCluster, missing_tools

HOST, IMAGE, WORK = sys.argv[1:4]
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "../../examples/slurm/memattr-run.sh")
NODE, RACK = "lab-slurm", "loopback"

missing = missing_tools()
if missing:
    print("SKIP: not installed: %s (Debian: slurm-wlm, munge; host-runner/tools/setup.sh)"
          % " ".join(missing))
    sys.exit(77)
if os.geteuid() != 0:
    print("SKIP: slurmd must run as root")
    sys.exit(77)
# SIGTERM (an interrupted run) leaves through the cluster's `with`, which stops the daemons; srun's
# own timeout (240 s) comes before ctest's (300 s), which SIGKILLs the whole process tree.
signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
skip_without_agent(IMAGE)
results_root, textfile_dir = fresh_example_dirs(WORK)
try:
    with SlurmCluster(os.path.join(WORK, "slurm"), NODE, "rack_" + RACK) as cluster:
        env = dict(cluster.env, MEMATTR_HOST=HOST, MEMATTR_IMAGE=IMAGE,
                   MEMATTR_SCENARIO=os.path.join(HERE, "one_boot.yaml"),
                   MEMATTR_RESULTS_ROOT=results_root, MEMATTR_TEXTFILE_DIR=textfile_dir)
        p = subprocess.run(["srun", "--nodes=1", "--ntasks-per-node=1", EXAMPLE], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=240)
        print(p.stdout)
        print("srun: exit %d" % p.returncode)
        if p.returncode != 0:  # RAM as Normal-WB: as expected, exit 0
            fail("srun exited %d, want 0 (as expected)\n%s"
                 % (p.returncode, cluster.log_tails()))
except ClusterError as e:
    fail(e)
expect_example_result("Slurm", results_root, textfile_dir, NODE, RACK)
