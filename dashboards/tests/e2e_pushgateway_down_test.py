#!/usr/bin/env python3
"""Real-server test: a push to a Pushgateway that is down fails loudly (exit code, the URL in
the message, how to push again), leaves the results directory untouched, and a later
`memattr-host push` to the restarted Pushgateway lands in Prometheus.

usage: e2e_pushgateway_down_test.py MEMATTR_HOST_OR_DRIVER RESULTS_DIR
"""
import hashlib, json, os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_servers import LocalStack, wait_until  # noqa: E402
from results_model import context_key  # noqa: E402
from test_report import Report  # noqa: E402

REPORT = Report()
check = REPORT.check


def tree_digest(folder):
    digest = hashlib.sha256()
    for root, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            with open(os.path.join(root, name), "rb") as f:
                digest.update(name.encode() + f.read())
    return digest.hexdigest()


def main():
    tool, fixture = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="memattr-push-down-") as tmp:
        results = os.path.join(tmp, "results", "default-run")
        shutil.copytree(fixture, results)
        before = tree_digest(results)
        with open(os.path.join(results, "results.json")) as f:
            host_kernel = json.load(f)["context"][context_key("host_kernel")].split()[0]
        with LocalStack(tmp) as stack:
            url = stack.pushgateway_url
            stack.stop_pushgateway()
            down = subprocess.run([tool, "push", results, "--pushgateway", url], capture_output=True, text=True)
            print(down.stderr.strip())
            check(down.returncode != 0, "push to a stopped Pushgateway must exit non-zero")
            check(url + "/metrics/job/memattr/instance/" in down.stderr, f"error must name {url}: {down.stderr}")
            check("memattr-host push " + results in down.stderr, "error must say how to push again")
            check(tree_digest(results) == before, "the results directory changed after a failed push")

            stack.start_pushgateway()
            again = subprocess.run([tool, "push", results, "--pushgateway", url], capture_output=True, text=True)
            check(again.returncode == 0, f"push after restart: exit {again.returncode}: {again.stderr}")
            series = wait_until("the pushed run in Prometheus",
                                lambda: stack.query('memattr_run_info{job="memattr"}'), timeout=60)
            check(len(series) == 1 and series[0]["metric"]["host_kernel"] == host_kernel,
                  f"Prometheus should hold the pushed run: {series}")
            bandwidth = stack.query("count(memattr_bandwidth_bytes_per_second)")
            check(bandwidth and float(bandwidth[0]["value"][1]) > 0, "bandwidth series missing after the late push")
            check(tree_digest(results) == before, "the results directory changed after the push")
    return REPORT.finish()


if __name__ == "__main__":
    sys.exit(main())
