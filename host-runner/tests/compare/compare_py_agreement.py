#!/usr/bin/python3
"""memattr-host compare must give the p-values Google Benchmark's compare.py gives.

Usage: compare_py_agreement.py MEMATTR_HOST COMPARE_PY
Writes pairs of results.json (small samples -> exact test, 9+ -> normal approximation,
ties), runs both tools on them and checks every p-value agrees to 1e-9.
"""
import json, random, subprocess, sys, tempfile, os

memattr_host, compare_py = sys.argv[1], sys.argv[2]
rng = random.Random(7)


def results(samples_by_name):
    benchmarks = []
    for name, samples in samples_by_name.items():
        for i, t in enumerate(samples):
            benchmarks.append({"name": name, "run_name": name, "run_type": "iteration",
                               "repetitions": len(samples), "repetition_index": i, "threads": 1,
                               "iterations": 1000, "real_time": t, "cpu_time": t,
                               "time_unit": "ns"})
    return {"context": {"memattr.arch": "aarch64", "memattr.accel": "tcg"},
            "benchmarks": benchmarks, "memattr": {"verdicts": [], "probes": []}}


cases = {
    "exact/region:ram/attr:normal-wb": ([rng.uniform(10, 12) for _ in range(5)],
                                        [rng.uniform(11, 13) for _ in range(5)]),
    "asymptotic/region:ram/attr:normal-wb": ([rng.uniform(10, 12) for _ in range(9)],
                                             [rng.uniform(10.5, 12.5) for _ in range(12)]),
    "ties/region:ram/attr:normal-wb": ([10, 10, 11, 12, 12, 13], [10, 11, 11, 12, 14, 15]),
}
with tempfile.TemporaryDirectory() as tmp:
    paths = []
    for side in (0, 1):
        d = os.path.join(tmp, "run%d" % side)
        os.makedirs(d)
        with open(os.path.join(d, "results.json"), "w") as f:
            json.dump(results({n: v[side] for n, v in cases.items()}), f)
        paths.append(d)
    ref_dump, ours_dump = os.path.join(tmp, "ref.json"), os.path.join(tmp, "ours.json")
    subprocess.run([sys.executable, compare_py, "-d", ref_dump, "benchmarks",
                    os.path.join(paths[0], "results.json"), os.path.join(paths[1], "results.json")],
                   check=True, stdout=subprocess.DEVNULL)
    code = subprocess.run([memattr_host, "compare", paths[0], paths[1], "--json", ours_dump],
                          stdout=subprocess.DEVNULL).returncode
    assert code in (0, 1), "memattr-host compare exited %d" % code
    ref = {e["name"]: e["utest"]["time_pvalue"] for e in json.load(open(ref_dump)) if e.get("utest")}
    ours = {b["name"]: b["p_value"] for b in json.load(open(ours_dump))["benchmarks"]}
    assert set(ref) == set(cases), "compare.py compared %s" % sorted(ref)
    for name, p in ref.items():
        assert abs(ours[name] - p) < 1e-9, "%s: memattr %r vs compare.py %r" % (name, ours[name], p)
        print("%-45s p=%.6f (both)" % (name, p))
print("compare.py agreement: %d of %d p-values equal" % (len(ref), len(cases)))
