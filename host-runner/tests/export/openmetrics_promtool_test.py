#!/usr/bin/env python3
"""`memattr-host openmetrics` output must backfill with Debian's promtool, and the TSDB blocks
it creates must hold every bandwidth series of the results file with its median value.

usage: openmetrics_promtool_test.py EXPORT_DRIVER RESULTS_DIR
"""
import json, os, re, subprocess, sys, tempfile

def medians(results):
    """(region, attribute, kernel) -> median bytes_per_second, computed independently."""
    groups = {}
    for record in results["benchmarks"]:
        if record.get("error_occurred") or "bytes_per_second" not in record:
            continue
        key = (record["memattr_region"], record["memattr_attribute"], record["memattr_kernel"])
        if record.get("run_type") == "aggregate":
            if record.get("aggregate_name") == "median":
                groups.setdefault(key, {})["median"] = record["bytes_per_second"]
        else:
            groups.setdefault(key, {}).setdefault("values", []).append(record["bytes_per_second"])
    out = {}
    for key, group in groups.items():
        if "median" in group:
            out[key] = group["median"]
        else:
            values = sorted(group["values"]); n = len(values)
            out[key] = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    return out

def main():
    driver, results_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(results_dir, "results.json")) as f:
        expected = medians(json.load(f))
    with tempfile.TemporaryDirectory() as tmp:
        om = os.path.join(tmp, "run.om")
        subprocess.run([driver, "openmetrics", results_dir, "-o", om], check=True)
        with open(om) as f:
            text = f.read()
        assert text.endswith("# EOF\n"), "OpenMetrics file must end with # EOF"
        blocks = os.path.join(tmp, "data")
        os.makedirs(os.path.join(blocks, "wal"))  # promtool 2.42 dump wants a WAL folder
        done = subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", om, blocks],
                              capture_output=True, text=True)
        print(done.stdout, done.stderr)
        assert done.returncode == 0, f"promtool rejected {om}"
        dump = subprocess.run(["promtool", "tsdb", "dump", blocks, "--match",
                               '{__name__="memattr_bandwidth_bytes_per_second"}'],
                              capture_output=True, text=True, check=True).stdout
    found = {}
    for line in dump.splitlines():
        labels = dict(re.findall(r'(\w+)="([^"]*)"', line))
        value = float(line.rsplit(" ", 2)[1])
        found[(labels["region"], labels["attribute"], labels["kernel"])] = value
    assert found.keys() == expected.keys(), f"series differ: {set(found) ^ set(expected)}"
    for key, value in expected.items():
        assert abs(found[key] - value) <= 1e-9 * value, f"{key}: {found[key]} != {value}"
    print(f"1 passed, 0 failed: {len(found)} bandwidth series backfilled")

if __name__ == "__main__":
    main()
