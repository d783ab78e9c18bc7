#!/usr/bin/python3
"""The nested KVM A/B end to end (issue 9, ctest label `nested`): runs
host-runner/scenarios/nested-ab.yaml through run_nested_ab.sh (L2 under an emulated 6.12 host
and under a 7.x host) and checks what the issue expects:
  both BARs are outside L1's linear map: daxbar is L1's devdax (VmFlags without pf), pfnbar its
        /dev/memattr-wb, a cacheable VM_PFNMAP (VmFlags with pf);
  6.12: cap 243 = 0; the Normal-mapped BARs are not Normal (degraded); a KVM stop (when
        the fault reaches L1 rather than L2) carries L1's "Unsupported FSC" line as evidence;
  7.x:  cap 243 = 1; the same cells behave as Normal (as-expected);
  the comparison names the verdict change and the host-kernel difference.
nested-numa, nested-numa-pfnmap (L1's devdax, then its cacheable PFNMAP, as L2's CPU-less NUMA
  node): under 6.12 L2 does not boot, and the failure names the region; under 7.x it boots and the
  node behaves as Normal.
nested-nofwb (7.x L1 on Neoverse-N1, no FWB): KVM refuses the PFNMAP memslot; the failure names
  pfnbar with QEMU's line, pfnbar is withdrawn and the devdax BAR is still measured.
nested-vfio (an L1 BAR passed through with vfio-pci): the Normal-WB request degraded under both kernels
  (vfio-pci BARs are never cacheable at stage 2); the Device-nGnRE cell device, or inconclusive where TCG
  let its unaligned load through.
usage: nested_ab_e2e.py REPO RESULTS_DIR"""
import json, os, re, subprocess, sys


def fail(msg):
    print("nested_ab_e2e: FAIL: " + msg)
    sys.exit(1)


def load(results, scenario, series):
    path = os.path.join(results, scenario, "host-" + series, "results.json")
    if not os.path.exists(path):
        fail(path + " missing")
    return json.load(open(path))


def main(repo, results):
    subprocess.run(["rm", "-rf", results], check=True)
    env = dict(os.environ, MEMATTR_RESULTS=results)
    p = subprocess.run([os.path.join(repo, "host-runner/tools/run_nested_ab.sh")], cwd=repo, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=3000)
    print(p.stdout)
    # Each scenario's own exit code (run_nested_ab.sh exits with the worst): 6.12 degrades (1), the
    # 6.12 NUMA boots end at L2's boot timeout (124), 7.x without FWB refuses a region (1), the
    # vfio-pci BAR is Normal-NC under both kernels, so a Normal-WB request is degraded (1).
    want = {"nested-ab": 1, "nested-numa": 124, "nested-numa-pfnmap": 124, "nested-nofwb": 1,
            "nested-vfio": 1}
    got = dict(re.findall(r"run_nested_ab: (\S+): memattr-host exit (\d+) after", p.stdout))
    got = {k: int(v) for k, v in got.items()}
    if got != want:
        fail("scenario exit codes %s, want %s (see above)" % (got, want))
    if p.returncode != max(want.values()):
        fail("run_nested_ab.sh exited %d, want %d (see above)" % (p.returncode, max(want.values())))
    runs = {series: load(results, "nested-ab", series) for series in ("6.12", "7")}
    verdicts = {s: {(v["region"], v["attribute"]): v for v in r["memattr"]["verdicts"]} for s, r in runs.items()}
    before, after = verdicts["6.12"], verdicts["7"]
    if runs["6.12"]["context"].get("memattr.cacheable_pfnmap_cap") != "0":
        fail("6.12 host: cap 243 is %r, want '0'" % runs["6.12"]["context"].get("memattr.cacheable_pfnmap_cap"))
    if runs["7"]["context"].get("memattr.cacheable_pfnmap_cap") != "1":
        fail("7.x host: cap 243 is %r, want '1'" % runs["7"]["context"].get("memattr.cacheable_pfnmap_cap"))
    for series, run in runs.items():
        flags = json.loads(run["context"].get("memattr.backing_vmflags", "{}"))
        dax, pfn = flags.get("/dev/dax0.0", ""), flags.get("/dev/memattr-wb", "")
        if not dax or "pf" in dax.split():
            fail("%s host: VmFlags of /dev/dax0.0 in L1's QEMU %r, want a mapping without pf" % (series, dax))
        if "pf" not in pfn.split():
            fail("%s host: VmFlags of /dev/memattr-wb in L1's QEMU %r, want pf" % (series, pfn))
    for region in ("daxbar", "pfnbar"):
        for attribute in ("normal-wb", "normal-nc"):
            cell = (region, attribute)
            if before.get(cell, {}).get("verdict") != "degraded":
                fail("6.12 host: %s/%s verdict %r, want degraded" % (region, attribute, before.get(cell)))
            if after.get(cell, {}).get("verdict") != "as-expected":
                fail("7.x host: %s/%s verdict %r, want as-expected" % (region, attribute, after.get(cell)))
    # Whether the stage-2 alignment fault reaches L1's KVM (the VM stops) or L2's kernel (a SIGBUS
    # in L2) depends on TCG's TLB state and varies run to run. A stop must carry L1's evidence.
    # Either way every Normal-mapped cell's unaligned load must have faulted somewhere: an empty
    # list of stops is fine only when L2 saw each fault itself.
    stops = check_612_unaligned_faults(runs["6.12"])
    print("nested_ab_e2e: 6.12 host: %d KVM stop(s), the other faults inside L2" % stops)
    if "== compare host 6.12 -> host 7" not in p.stdout or "memattr.host_kernel" not in p.stdout:
        fail("the comparison with the host-kernel difference was not printed")
    for region in ("daxbar", "pfnbar"):
        if region + "/normal-wb verdict: degraded" not in p.stdout:
            fail("the comparison does not name the verdict change of " + region)
    check_numa(results, "nested-numa", "numadax", "/dev/dax0.0")
    check_numa(results, "nested-numa-pfnmap", "numapfn", "/dev/memattr-wb")
    check_nofwb(load(results, "nested-nofwb", "7"))
    check_vfio(load(results, "nested-vfio", "6.12"), load(results, "nested-vfio", "7"))
    print("nested_ab_e2e: ok; L1 seconds %.0f (6.12) / %.0f (7.x)" % (
        runs["6.12"]["context"]["memattr.l1_seconds"], runs["7"]["context"]["memattr.l1_seconds"]))


def check_612_unaligned_faults(run):
    """Returns how many cells ended in a KVM stop; fails unless each Normal-mapped BAR cell's
    unaligned_load_8 either stopped the VM (with L1's 'Unsupported FSC' line) or faulted in L2."""
    failures = run["memattr"]["failures"]
    outcomes = {(p["region"], p["attribute"]): p["outcome"].get("kind") for p in run["memattr"]["probes"]
                if p.get("probe") == "unaligned_load_8"}
    stops = 0
    for region in ("daxbar", "pfnbar"):
        for attribute in ("normal-wb", "normal-nc"):
            step = "probe unaligned_load_8 on %s/%s" % (region, attribute)
            stopped = [f for f in failures if f["step"] == step and "vm-stopped" in f["reason"]]
            for stop in stopped:
                if "Unsupported FSC" not in stop["reason"]:
                    fail("6.12 host: L1's 'Unsupported FSC' line is not in the evidence: %r" % stop)
            if not stopped and outcomes.get((region, attribute)) != "fault":
                fail("6.12 host: %s neither stopped the VM nor faulted in L2 (outcome %r)"
                     % (step, outcomes.get((region, attribute))))
            stops += len(stopped)
    return stops


def check_numa(results, scenario, region, device):
    before, after = load(results, scenario, "6.12"), load(results, scenario, "7")
    steps = [f["step"] + ": " + f["reason"] for f in before["memattr"]["failures"]]
    want = "boot with guest memory on region %s (NUMA node 1 on %s)" % (region, device)
    if not any(s.startswith(want) for s in steps):
        fail("%s, 6.12 host: no boot failure naming %s: %r" % (scenario, region, steps))
    if before["memattr"]["verdicts"]:
        fail("%s, 6.12 host: L2 booted after all: %r" % (scenario, before["memattr"]["verdicts"]))
    cell = [v for v in after["memattr"]["verdicts"] if v["region"] == region and v["attribute"] == "normal-wb"]
    if not cell or cell[0]["verdict"] != "as-expected":
        fail("%s, 7.x host: %s/normal-wb %r, want as-expected" % (scenario, region, cell))
    print("nested_ab_e2e: %s: 6.12 boot failure named %s; 7.x as-expected" % (scenario, region))


def check_vfio(before, after):
    cells = []
    for run in (before, after):
        if run["memattr"]["failures"]:
            fail("nested-vfio: failures %r" % run["memattr"]["failures"])
        cells.append({(v["attribute"]): (v["inferred"], v["verdict"]) for v in run["memattr"]["verdicts"]
                      if v["region"] == "vfiobar"})
    if set(cells[0]) != {"normal-wb", "device-ngnre"} or set(cells[1]) != set(cells[0]):
        fail("nested-vfio: vfiobar cells not all measured under both kernels: %r / %r" % tuple(cells))
    # Under TCG only "normal" (WB vs NC unobserved) can be seen; the model's Normal-NC makes the
    # Normal-WB request degraded (issue 20: the inferred type says only what was observed).
    if cells[0]["normal-wb"] != cells[1]["normal-wb"]:
        fail("nested-vfio: vfiobar/normal-wb differs between the kernels: %r / %r" % tuple(cells))
    inferred, verdict = cells[0]["normal-wb"]
    if inferred not in ("normal", "normal-nc", "device") or verdict != "degraded":
        fail("nested-vfio: vfiobar/normal-wb %r, want inferred normal or non-cacheable, degraded" % (cells[0]["normal-wb"],))
    # The Device-nGnRE cell's unaligned load on the passed-through BAR faults in some runs and not in
    # others, under either L1 kernel, on one build (seen 2026-12-04/05: TCG's TLB state under nested
    # virtualisation, like the stage-2 faults above). memattr must then say it cannot conclude, never
    # call it as-expected or make it a verdict change of its own.
    for series, cell in zip(("6.12", "7.x"), (c["device-ngnre"] for c in cells)):
        if cell not in (("device", "as-expected"), ("normal", "inconclusive")):
            fail("nested-vfio, %s host: vfiobar/device-ngnre %r, want device as-expected, or normal "
                 "inconclusive when TCG let the unaligned load through" % (series, cell))
    print("nested_ab_e2e: nested-vfio: vfiobar/normal-wb the same under both kernels: %r; device-ngnre %r / %r"
          % (cells[0]["normal-wb"], cells[0]["device-ngnre"], cells[1]["device-ngnre"]))


def check_nofwb(run):
    failures = run["memattr"]["failures"]
    if not any(f["step"].startswith("boot with guest memory on region pfnbar") and "kvm-refused" in f["reason"]
               and "error registering slot" in f["reason"] for f in failures):
        fail("nested-nofwb: no kvm-refused failure naming pfnbar: %r" % failures)
    skipped = [r for r in run["memattr"]["regions"] if r.get("name") == "pfnbar" and "skipped" in r]
    if not skipped:
        fail("nested-nofwb: pfnbar was not withdrawn: %r" % run["memattr"]["regions"])
    measured = {v["region"] for v in run["memattr"]["verdicts"]}
    if measured != {"daxbar"}:
        fail("nested-nofwb: verdicts for %r, want daxbar only" % sorted(measured))
    if run["context"].get("memattr.cacheable_pfnmap_cap") != "0":
        fail("nested-nofwb: cap 243 %r, want '0' (no FWB)" % run["context"].get("memattr.cacheable_pfnmap_cap"))
    print("nested_ab_e2e: nested-nofwb: the PFNMAP memslot was refused and attributed; daxbar measured")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
