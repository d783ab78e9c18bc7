#!/usr/bin/env python3
"""Writes the export fixtures default-6.12/ and default-7.3/: results.json files shaped as
memattr-host writes them (host-runner/docs/results_format.md) for a default-scenario run under two
host kernels, with every kind of content: regions (one skipped), streaming/latency/atomic/exclusive
benchmarks with repetitions and aggregates, one failed benchmark, probes with ok/fault/wrong-data/
skipped outcomes, verdicts as-expected/degraded/unsafe/inconclusive, a failed step.
Values are synthetic (seeded); regenerate with: python3 make_fixtures.py ."""
import json, random, sys, os

def run(host_kernel, seed, variant):
    rnd = random.Random(seed)
    ctx = {
        "date": "2026-11-25T13:05:11+00:00" if variant == "a" else "2026-11-25T14:41:52+0100",
        "host_name": "memattr-ci", "executable": "memattr-host", "num_cpus": 2, "mhz_per_cpu": 0,
        "cpu_scaling_enabled": False, "caches": [], "load_avg": [0.52, 0.61, 0.48],
        "library_build_type": "release",
        "memattr.schema": "memattr.results/1", "memattr.scenario": "default",
        "memattr.accel": "tcg", "memattr.host_kernel": host_kernel,
        "memattr.guest_kernel": "6.12.38+deb12-cloud-arm64",
        "memattr.qemu_version": "10.0.2",
        "memattr.cacheable_pfnmap_cap": "unavailable: no /dev/kvm" if variant == "a" else "1",
        "memattr.fwb": "unknown" if variant == "a" else "yes",
        "memattr.arch": "aarch64", "memattr.status": "ok",
        "memattr.timings": "emulated (TCG)" if variant == "a" else "hardware",
        "memattr.duration_seconds": "412.7" if variant == "a" else 398.25,
    }
    regions = [
        {"name": "ram", "kind": "ram", "backing": "ram", "path": "", "size_bytes": 67108864,
         "numa_node": 0, "attributes": ["normal-wb", "device-ngnre"], "notes": "anonymous memory; Device via memattr module"},
        {"name": "dax0", "kind": "dax", "backing": "dax", "path": "/dev/dax0.0", "size_bytes": 33554432,
         "numa_node": 0, "attributes": ["normal-wb", "normal-nc", "device-ngnre", "device-ngnrne"], "notes": "devdax via ndctl"},
        {"name": "cxl0", "kind": "cxl", "backing": "cxl", "path": "", "size_bytes": 67108864,
         "numa_node": 1, "attributes": ["normal-wb", "device-ngnre"], "notes": "CPU-less NUMA node 1"},
        {"name": "bar0", "kind": "bar", "backing": "emulated-bar",
         "path": "/sys/bus/pci/devices/0000:00:03.0/resource2", "size_bytes": 16777216,
         "numa_node": -1, "attributes": ["normal-nc", "device-ngnre"], "notes": "ivshmem-plain BAR2"},
    ]
    skipped = [{"name": "vfio0", "kind": "vfio", "skipped": "no IOMMU in this guest (add iommu=smmuv3)", "source": "host"}]
    kernels = [("stream_read_simd", "bw", 2.4e9), ("stream_copy_simd", "bw", 1.9e9),
               ("stream_triad_simd", "bw", 1.6e9), ("latency_chase", "lat", 38.0),
               ("atomic_fetch_add", "atomic", 5.2e7), ("exclusive_increment", "excl", 3.1e7)]
    attr_factor = {"normal-wb": 1.0, "normal-nc": 0.93, "device-ngnre": 0.88, "device-ngnrne": 0.85}
    if variant == "b":
        attr_factor = {"normal-wb": 1.0, "normal-nc": 0.95, "device-ngnre": 0.91, "device-ngnrne": 0.87}
    region_factor = {"ram": 1.0, "dax0": 0.97, "cxl0": 0.82, "bar0": 0.74}
    benchmarks = []
    family = 0
    for reg in regions:
        for attr in reg["attributes"]:
            for kname, kind, base in kernels:
                threads = 1
                run_name = f"{kname}/region:{reg['name']}/attr:{attr}/repeats:3/real_time/threads:{threads}"
                f = attr_factor[attr] * region_factor[reg["name"]]
                reps = []
                error = (variant == "a" and reg["name"] == "bar0" and attr == "device-ngnre"
                         and kname == "exclusive_increment")
                for i in range(3):
                    jitter = 1 + rnd.uniform(-0.04, 0.04)
                    iters = rnd.choice([1200, 1350, 1500]) if kind != "lat" else 40
                    r = {"name": run_name, "family_index": family, "per_family_instance_index": 0,
                         "run_name": run_name, "run_type": "iteration", "repetitions": 3,
                         "repetition_index": i, "threads": threads, "iterations": iters,
                         "time_unit": "ns"}
                    if kind == "bw":
                        bps = base * f * jitter
                        r["real_time"] = 4194304 * 2 / bps * 1e9
                        r["bytes_per_second"] = bps
                    elif kind == "lat":
                        ns = base / f * jitter
                        r["real_time"] = ns * 65536
                        r["ns_per_load"] = ns
                        r["items_per_second"] = 1e9 / ns
                    else:
                        ops = base * f * jitter
                        r["real_time"] = 65536 / ops * 1e9
                        r["items_per_second"] = ops
                        if kind == "excl":
                            r["stxr_failures"] = round(rnd.uniform(0.0, 0.02) * (1 if attr.startswith("normal") else 3), 6)
                    r["cpu_time"] = r["real_time"] * 1.01
                    if error:
                        r = {"name": run_name, "family_index": family, "per_family_instance_index": 0,
                             "run_name": run_name, "run_type": "iteration", "repetitions": 3,
                             "repetition_index": i, "threads": threads, "iterations": 0,
                             "real_time": 0.0, "cpu_time": 0.0, "time_unit": "ns",
                             "error_occurred": True,
                             "error_message": "fault(SIGBUS, BUS_ADRALN, 0xffff9a400008) in exclusive_increment"}
                    reps.append(r)
                for r in reps:
                    r["memattr_region"] = reg["name"]; r["memattr_attribute"] = attr
                    r["memattr_kernel"] = kname; r["memattr_threads"] = threads
                    if variant == "a":  # b: like measurement events, which carry no backing
                        r["memattr_backing"] = reg["backing"]
                benchmarks += reps
                if not error:
                    for agg in ["mean", "median", "stddev", "cv"]:
                        a = dict(reps[0]); a.pop("repetition_index")
                        a["name"] = run_name + "_" + agg; a["run_type"] = "aggregate"
                        a["aggregate_name"] = agg
                        a["aggregate_unit"] = "percentage" if agg == "cv" else "time"
                        a["iterations"] = 3
                        for key in ["real_time", "cpu_time", "bytes_per_second", "ns_per_load",
                                    "items_per_second", "stxr_failures"]:
                            if key not in reps[0]: continue
                            vals = sorted(x[key] for x in reps)
                            mean = sum(vals) / 3
                            sd = (sum((v - mean) ** 2 for v in vals) / 2) ** 0.5
                            a[key] = {"mean": mean, "median": vals[1], "stddev": sd,
                                      "cv": sd / mean if mean else 0}[agg]
                        benchmarks.append(a)
                family += 1
    probes_list = ["unaligned_load_8", "unaligned_store_8", "dc_zva", "exclusive_loop",
                   "lse_atomic_add", "atomicity", "memset_glibc", "memcpy_glibc"]
    probes = []
    def outcome(kind, **kw):
        o = {"kind": kind, "reason": kw.pop("reason", ""), "signal": 0, "si_code": 0,
             "address": 0, "expected": 0, "got": 0}
        o.update(kw); return o
    for reg in regions:
        for attr in reg["attributes"]:
            device_like = attr.startswith("device") or (variant == "a" and reg["name"] == "cxl0") \
                or reg["name"] == "bar0"
            for p in probes_list:
                if device_like and p in ("unaligned_load_8", "unaligned_store_8", "memset_glibc", "memcpy_glibc"):
                    o = outcome("fault", reason="SIGBUS BUS_ADRALN", signal=7, si_code=1,
                                address=281473274249225)
                elif reg["name"] == "bar0" and attr == "normal-nc" and p == "atomicity":
                    o = outcome("wrong-data", reason="2 threads x 10000 increments", expected=20000, got=19873)
                elif reg["name"] == "bar0" and p == "dc_zva" and attr == "device-ngnre":
                    o = outcome("skipped", reason="TCG models no DC ZVA fault on Device memory")
                else:
                    o = outcome("ok")
                probes.append({"region": reg["name"], "attribute": attr, "probe": p, "outcome": o})
    def verdict(region, attr, inferred, expected, v, evidence):
        return {"region": region, "attribute": attr, "inferred": inferred, "expected": expected,
                "verdict": v, "evidence": evidence,
                "unobservable": ["TCG models no Device-memory timing"]}
    verdicts = [
        verdict("ram", "normal-wb", "normal-wb", "normal-wb", "as-expected", ["unaligned_load_8 ok"]),
        verdict("ram", "device-ngnre", "device", "device", "as-expected", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"]),
        verdict("dax0", "normal-wb", "normal-wb", "normal-wb", "as-expected", ["unaligned_load_8 ok"]),
        verdict("dax0", "normal-nc", "unknown", "normal-nc", "inconclusive", ["unaligned_load_8 ok", "NC vs WB not observable under TCG"]),
        verdict("dax0", "device-ngnre", "device", "device", "as-expected", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"]),
        verdict("dax0", "device-ngnrne", "device", "device", "as-expected", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"]),
        verdict("cxl0", "normal-wb", "device" if variant == "a" else "normal-wb", "normal-wb",
                "unsafe" if variant == "a" else "as-expected",
                ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"] if variant == "a" else ["unaligned_load_8 ok"]),
        verdict("cxl0", "device-ngnre", "device", "device", "as-expected", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"]),
        verdict("bar0", "normal-nc", "device", "normal-nc", "degraded", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)", "atomicity wrong-data"]),
        verdict("bar0", "device-ngnre", "device", "device", "as-expected", ["unaligned_load_8 fault(SIGBUS, BUS_ADRALN)"]),
    ]
    failures = [] if variant == "b" else [
        {"boot": 1, "step": "probe dc_zva on bar0/device-ngnrne", "reason": "guest panic"}]
    labels = {"scenario": "default", "device_under_test": "ivshmem"}
    return {"context": ctx, "benchmarks": benchmarks,
            "memattr": {"regions": regions + skipped, "probes": probes, "verdicts": verdicts,
                        "failures": failures, "labels": labels}}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
for name, hk, seed, v in [("default-6.12", "6.12.38+deb12-cloud-arm64", 7, "a"),
                          ("default-7.3", "7.3.4+deb13-cloud-arm64 #1 SMP Debian 7.3.4-1~bpo12+1 (2026-10-02)", 11, "b")]:
    d = os.path.join(out, name); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(run(hk, seed, v), f, indent=1); f.write("\n")
