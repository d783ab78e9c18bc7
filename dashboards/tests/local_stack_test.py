#!/usr/bin/env python3
"""dashboards/tools/local_stack.sh: `start RESULTS_DIR` leaves Prometheus and Pushgateway running
on loopback with the run in Prometheus and prints the Prometheus URL; `stop` ends both processes.

usage: local_stack_test.py LOCAL_STACK_SH MEMATTR_HOST RESULTS_DIR
"""
import os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_servers import free_port, http_get, wait_until  # noqa: E402
from test_report import Report  # noqa: E402
import json, urllib.parse  # noqa: E402


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is not running
        return f.read().split(") ")[1][0] != "Z"


def main():
    script, tool, results = sys.argv[1:4]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="memattr-stack-") as tmp:
        env = dict(os.environ, MEMATTR_STACK_DIR=tmp, PROMETHEUS_PORT=str(free_port()),
                   PUSHGATEWAY_PORT=str(free_port()), MEMATTR_HOST_PORT=str(free_port()), MEMATTR_HOST=tool)
        prom = f"http://127.0.0.1:{env['PROMETHEUS_PORT']}"
        pids = []
        try:
            started = subprocess.run([script, "start", results], env=env, capture_output=True, text=True,
                                     timeout=180)
            print(started.stdout, started.stderr)
            report.check(started.returncode == 0, f"start exited {started.returncode}")
            report.check(prom in started.stdout, f"start did not print {prom}")
            pids = [int(open(os.path.join(tmp, n + ".pid")).read()) for n in ("prometheus", "pushgateway")]
            query = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": "memattr_run_info"})
            try:  # the shipped prometheus.yml scrapes every 15 s
                wait_until("the run in Prometheus", lambda: json.loads(http_get(query))["data"]["result"], timeout=60)
                report.check(True, "")
            except TimeoutError as e:
                report.check(False, str(e))
        finally:
            stopped = subprocess.run([script, "stop"], env=env, capture_output=True, text=True, timeout=60)
            print(stopped.stdout, stopped.stderr)
        for pid in pids:
            if not report.check(not alive(pid), f"pid {pid} still running after stop"):
                os.kill(pid, 9)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
