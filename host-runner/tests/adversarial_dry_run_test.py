#!/usr/bin/env python3
"""Issue 16: `memattr-host run --dry-run` on adversarial scenarios (classes 1-4 and 10-11).

Each bad scenario must exit 2 and name its culprit as FILE:LINE: FIELD: ..., and nothing may be
written anywhere (dry-run never creates files; a name never becomes a path outside --results).
Usage: adversarial_dry_run_test.py MEMATTR_HOST SCRATCH_DIR
"""
import glob
import os
import shutil
import subprocess
import sys

HOST, SCRATCH = sys.argv[1], sys.argv[2]
shutil.rmtree(SCRATCH, ignore_errors=True)
os.makedirs(SCRATCH)
FIFO = os.path.join(SCRATCH, "fifo")
os.mkfifo(FIFO)
PRECIOUS = os.path.join(SCRATCH, "precious.img")
with open(PRECIOUS, "w") as f:
    f.write("keep me")

BAR = "{kind: emulated-bar, size: 1MiB}"
# (scenario text, what the error must contain: "LINE: FIELD: ..." after the file name)
CASES = [
    # 1. names become paths
    ("name: ../../escaped\nregions: [{kind: ram}]\n", "1: name: '../../escaped' is not a valid name"),
    ("name: /tmp/abs\nregions: [{kind: ram}]\n", "1: name: '/tmp/abs' is not a valid name"),
    ("name: x\nregions:\n  - {kind: dax, size: 16MiB, name: ../../../img}\n",
     "3: regions[0].name: '../../../img' is not a valid name"),
    ("name: x\nregions:\n  - {kind: ram, name: 'a b'}\n", "3: regions[0].name: 'a b' is not"),
    ("name: x\nregions: [{kind: ram}]\nnested: {host_kernels: ['../7']}\n",
     "3: nested.host_kernels[0]: '../7' is not a kernel series"),
    # 2. values reaching QEMU: units, escaping, limits
    ("name: x\nregions: [{kind: ram}]\nmemory: 1KiB\n", "3: memory: must be at least 128MiB"),
    ("name: x\nregions:\n  - {kind: vfio, bdf: '0000:01:00.0,x-opt=on'}\n",
     "3: regions[0].bdf: '0000:01:00.0,x-opt=on' is not a PCI address"),
    ("name: x\nregions: [{kind: ram}]\nnested: {host_kernels: ['7'], cpu: 'max,sve=off'}\n",
     "3: nested.cpu: 'max,sve=off' is not a QEMU CPU model name"),
    ("name: x\nregions:\n" + "".join("  - {kind: dax, size: 16MiB}\n" for _ in range(5)),
     "7: regions[4]: more nvdimms than the guest's 4 memory slots"),
    ("name: x\nregions:\n" + "".join("  - %s\n" % BAR for _ in range(25)),
     "27: regions[24]: more PCI devices than the free slots on virt's root bus"),
    # 3. numbers
    ("name: x\nregions:\n  - {kind: cxl, size: 99999999999999999999999}\n",
     "3: regions[0].size: '99999999999999999999999' is too large"),
    ("name: x\nregions:\n  - {kind: cxl, size: 17179869185G}\n",
     "3: regions[0].size: '17179869185G' is too large"),
    ("name: x\nregions: [{kind: ram}]\nstep_timeout: 1e30s\n", "3: step_timeout: '1e30s' is not a duration"),
    ("name: x\nregions: [{kind: ram}]\nboot_timeout: nan\n", "3: boot_timeout: 'nan' is not a finite duration"),
    ("name: x\nregions: [{kind: ram}]\ntime_budget: inf\n", "3: time_budget: 'inf' is not a finite duration"),
    ("name: x\nregions: [{kind: ram}]\nmin_time: -0.1s\n", "3: min_time: '-0.1s' is not a finite duration"),
    # 4. what the guest would refuse, refused first
    ("name: x\nregions: [{kind: ram}]\nattributes: [normal-wt]\n", "3: attributes[0]: unknown name 'normal-wt'"),
    ("name: x\nregions: [{kind: ram}]\nkernels: [warp_drive]\n", "3: kernels[0]: unknown name 'warp_drive'"),
    ("name: x\nregions: [{kind: ram}]\nprobes: [dc_zvaa]\n", "3: probes[0]: unknown name 'dc_zvaa'"),
    ("name: x\nregions: [{kind: ram}]\nthreads: []\n", "3: threads: must be a non-empty list"),
    ("name: x\nregions: [{kind: ram}]\nworking_set: 16\n", "3: working_set: must be at least 4KiB"),
    # 10. labels
    ("name: x\nregions: [{kind: ram}]\nlabels: {region: r}\n", "3: labels.region: 'region' is not a label name"),
    ("name: x\nregions: [{kind: ram}]\nlabels: {dut: \"a\\x1bb\"}\n", "3: labels.dut: contains a control character"),
    # 11. region paths the guest would write to
    ("name: x\nregions:\n  - {kind: emulated-bar, size: 1MiB, path: '%s'}\n" % FIFO,
     "3: regions[0].path: %s is a FIFO" % FIFO),
    ("name: x\nregions:\n  - {kind: dax, size: 16MiB, path: '%s'}\n" % SCRATCH,
     "3: regions[0].path: %s is a directory" % SCRATCH),
    ("name: x\nregions:\n  - {kind: dax, size: 16MiB, path: '%s'}\n" % PRECIOUS,
     "3: regions[0].path: %s exists and the guest writes" % PRECIOUS),
    ("name: x\nregions:\n  - {kind: dax, size: 16MiB, path: '%s/new.img'}\n" % SCRATCH,
     "3: regions[0].path: %s/new.img does not exist" % SCRATCH),
]

before = sorted(os.listdir(SCRATCH))
failures = []
for index, (text, expected) in enumerate(CASES):
    scenario = os.path.join(SCRATCH, "case%02d.yaml" % index)
    with open(scenario, "w") as f:
        f.write(text)
    before.append(os.path.basename(scenario))
    run = subprocess.run([HOST, "run", "--dry-run", scenario, "--results", os.path.join(SCRATCH, "results")],
                         capture_output=True, text=True, timeout=60, cwd=SCRATCH)
    want = "%s:%s" % (scenario, expected)
    if run.returncode != 2 or want not in run.stderr:
        failures.append("case %d: exit %d, want 2 and %r in:\n%s" % (index, run.returncode, want, run.stderr))
# Without --dry-run a bad name stops before anything is created.
run = subprocess.run([HOST, "run", os.path.join(SCRATCH, "case00.yaml")], capture_output=True,
                     text=True, timeout=60, cwd=SCRATCH)
if run.returncode != 2:
    failures.append("run without --dry-run: exit %d\n%s" % (run.returncode, run.stderr))
after = sorted(os.listdir(SCRATCH))
if after != sorted(before) or not os.path.exists(FIFO):
    failures.append("files appeared: %s" % sorted(set(after) - set(before)))
# results/../../escaped-<time> from SCRATCH would land beside it
if glob.glob(os.path.join(os.path.dirname(SCRATCH), "escaped*")):
    failures.append("a results directory was created outside the scratch directory")
with open(PRECIOUS) as f:
    if f.read() != "keep me":
        failures.append("precious.img was changed")
for failure in failures:
    print(failure)
print("%d adversarial scenarios, %d failures" % (len(CASES), len(failures)))
sys.exit(1 if failures else 0)
