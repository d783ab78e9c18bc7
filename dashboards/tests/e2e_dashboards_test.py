#!/usr/bin/env python3
"""Real-server test: Debian's Prometheus and Pushgateway on loopback, runs pushed with
`memattr-host push` and one served with `memattr-host serve`; then EVERY dashboard panel query,
EVERY template-variable query and EVERY recording rule is evaluated through Prometheus' HTTP API
and compared, series by series (labels and values), with what the results files say
(results_model.py). The alerts run A was derived to raise must fire (A: the recorded run with
the two events host-runner/tests/testdata/recorded/derive_alerting_run.py changes), and none of
them on kernel B (the recorded run as it was, under a second host kernel).

usage: e2e_dashboards_test.py MEMATTR_HOST_OR_DRIVER RESULTS_DIR_A RESULTS_DIR_B [MORE_RESULTS_DIRS...]
  A and B must differ in host kernel: they feed the kernel A vs kernel B dashboard.
"""
import glob, json, math, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_servers import LocalStack, free_port, http_get, wait_until  # noqa: E402
import results_model  # noqa: E402
from test_report import Report  # noqa: E402

GRAFANA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "grafana")
REPORT = Report()
check = REPORT.check


def url_safe(text):
    return re.sub(r"[^A-Za-z0-9._-]", "_", text) or "unknown"


def context_of(results_dir):
    with open(os.path.join(results_dir, "results.json")) as f:
        return json.load(f)["context"]


def substitute(expr, values):
    def one(m):
        name = m.group(1) or m.group(2)
        return values[name]
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", one, expr)


def as_map(result):
    return {frozenset(s["metric"].items()): float(s["value"][1]) for s in result}


def same_series(got, want):
    if got.keys() != want.keys():
        extra = [dict(k) for k in list(got.keys() - want.keys())[:2]]
        missing = [dict(k) for k in list(want.keys() - got.keys())[:2]]
        return f"labels differ: unexpected {extra}, missing {missing}"
    for k, v in want.items():
        if not math.isclose(got[k], v, rel_tol=1e-9, abs_tol=1e-12):
            return f"{dict(k)}: Prometheus {got[k]} != results {v}"
    return None


def compare(stack, model, what, expr):
    got = as_map(stack.query(expr))
    want = results_model.evaluate(model, expr)
    check(len(want) > 0, f"{what}: the results predict no series for {expr}")
    problem = same_series(got, want)
    check(problem is None, f"{what}: {problem}\n  query: {expr}")


def dashboard_targets():
    for path in sorted(glob.glob(os.path.join(GRAFANA, "*.json"))):
        with open(path) as f:
            board = json.load(f)
        for panel in board["panels"]:
            for t in panel.get("targets", []):
                yield board, panel, t


def variable_values(kernel_a, kernel_b):
    values = {"scenario": ".*", "host": ".*", "kernel": ".*", "region": ".*", "backing": ".*",
              "bench_kernel": ".*", "kernel_a": kernel_a, "kernel_b": kernel_b}
    return values


def check_variables(stack, model, values):
    for path in sorted(glob.glob(os.path.join(GRAFANA, "*.json"))):
        with open(path) as f:
            board = json.load(f)
        for var in board["templating"]["list"]:
            if var["type"] != "query":
                continue
            m = re.fullmatch(r"label_values\((.*), (\w+)\)", var["definition"])
            check(m is not None, f"{board['uid']} ${var['name']}: not label_values(SELECTOR, LABEL)")
            if not m:
                continue
            selector, label = substitute(m.group(1), values), m.group(2)
            got = set(stack.api("/api/v1/label/" + label + "/values?" +
                                __import__("urllib.parse").parse.urlencode({"match[]": selector})))
            want = {dict(l)[label] for l in results_model.evaluate(model, selector) if label in dict(l)}
            check(got == want and want, f"{board['uid']} ${var['name']}: {sorted(got)} != {sorted(want)}")


def main():
    tool, runs = sys.argv[1], sys.argv[2:]
    kernel_a = results_model.release(context_of(runs[0])[results_model.context_key("host_kernel")])
    kernel_b = results_model.release(context_of(runs[1])[results_model.context_key("host_kernel")])
    assert kernel_a != kernel_b, "the first two results directories must differ in host kernel"
    with tempfile.TemporaryDirectory(prefix="memattr-e2e-") as tmp:
        served = os.path.join(tmp, "served")
        os.makedirs(served)
        with open(os.path.join(runs[0], "results.json")) as f:
            results = json.load(f)
        results["context"][results_model.context_key("scenario")] = "served"
        with open(os.path.join(served, "results.json"), "w") as f:
            json.dump(results, f)
        serve_port = free_port()
        serve_log = open(os.path.join(tmp, "serve.log"), "w")
        server = subprocess.Popen([tool, "serve", served, "--listen", f"127.0.0.1:{serve_port}"],
                                  stdout=serve_log, stderr=subprocess.STDOUT)
        try:
            wait_until("memattr-host serve", lambda: "memattr_run_info" in http_get(
                f"http://127.0.0.1:{serve_port}/metrics"), timeout=30)
            with LocalStack(tmp, memattr_host_port=serve_port) as stack:
                print("Prometheus", stack.prometheus_url, "Pushgateway", stack.pushgateway_url)
                run_checks(stack, tool, runs, served, serve_port, kernel_a, kernel_b)
        finally:
            server.terminate()
            code = server.wait(timeout=15)
            serve_log.close()
        check(code == 0, f"memattr-host serve exited {code} on SIGTERM (expected 0)")
    return REPORT.finish()


def run_checks(stack, tool, runs, served, serve_port, kernel_a, kernel_b):
    model = {}
    for run in runs:
        done = subprocess.run([tool, "push", run, "--pushgateway", stack.pushgateway_url],
                              capture_output=True, text=True)
        check(done.returncode == 0, f"push {run}: exit {done.returncode}: {done.stderr}")
        ctx = context_of(run)
        instance = url_safe(ctx.get("host_name", "unknown") + "_" +
                            results_model.release(ctx.get(results_model.context_key("host_kernel"), "unknown")))
        model.update(results_model.load_run(os.path.join(run, "results.json"),
                                            {"job": "memattr", "instance": instance}))
    model.update(results_model.load_run(os.path.join(served, "results.json"),
                                        {"job": "memattr-host", "instance": f"127.0.0.1:{serve_port}"}))
    rules = [(r["name"], r["query"]) for g in stack.api("/api/v1/rules")["groups"]
             for r in g["rules"] if r["type"] == "recording"]
    check(len(rules) == 7, f"expected 7 recording rules loaded, got {len(rules)}")
    results_model.add_recording_rules(model, rules)

    runs_expected = len(runs) + 1
    wait_until("every run scraped", lambda: len(stack.query("memattr_run_info")) == runs_expected)
    for record, _ in rules:  # rules run every second; wait until each has seen every run
        want = len([k for k in model if k[0] == record])
        wait_until(f"rule {record}", lambda: len(stack.query(record)) == want)

    for record, _ in rules:
        compare(stack, model, f"recording rule {record}", record)
    values = variable_values(kernel_a, kernel_b)
    count = 0
    for board, panel, target in dashboard_targets():
        expr = substitute(target["expr"], values)
        compare(stack, model, f"{board['uid']} / {panel['title']} / {target['refId']}", expr)
        count += 1
    print(f"evaluated {count} panel queries and {len(rules)} recording rules")
    check_variables(stack, model, values)
    check_alerts(stack, kernel_a, kernel_b)


def check_alerts(stack, kernel_a, kernel_b):
    def firing():
        return {(a["labels"]["alertname"], a["labels"].get("region"), a["labels"].get("attribute"),
                 a["labels"]["host_kernel"], a["labels"]["scenario"])
                for a in stack.api("/api/v1/alerts")["alerts"] if a["state"] == "firing"}
    want = {("MemattrNormalWbBehavesAsDevice", "cxl0", "normal-wb", kernel_a, "default"),
            ("MemattrAtomicsWrongOnNormalMapping", "bar0", "normal-nc", kernel_a, "default"),
            ("MemattrRegionUnsafe", "cxl0", "normal-wb", kernel_a, "default")}
    try:
        got = wait_until("alerts firing", lambda: firing() if want <= firing() else None, timeout=30)
    except TimeoutError as e:
        got = firing()
        print(e)
    check(want <= got, f"alerts: missing {want - got}")
    check(not any(a[3] == kernel_b and a[0] in {w[0] for w in want} for a in got),
          f"kernel B ({kernel_b}, the run as recorded) must not raise {sorted(w[0] for w in want)}")


if __name__ == "__main__":
    sys.exit(main())
