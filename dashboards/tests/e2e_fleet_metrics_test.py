#!/usr/bin/env python3
"""Real-server fleet test (issue 18): a fleet directory of two hosts (each with a run under host
kernel A and one under kernel B, memattr.fleet_host naming the host) reaches a real Prometheus
two ways: `memattr-host serve FLEETDIR` (one central scrape, a `host` label per host) and, per
host, `memattr-host textfile` into a directory read by Debian's prometheus-node-exporter
(textfile collector only, on loopback). Then every dashboard panel query is evaluated with
$host set to each host and must return data; every node_exporter reads its memattr.prom
without a scrape error (no timestamps); both hosts are in the `host` template variable.

usage: e2e_fleet_metrics_test.py MEMATTR_HOST RESULTS_DIR_A RESULTS_DIR_B
  A and B must differ in host kernel (the kernel A vs B dashboard).
       e2e_fleet_metrics_test.py MEMATTR_HOST --fleet FLEET_DIR
  A fleet directory a real `memattr-host fleet` wrote (host_runner_fleet_e2e): its hosts as they
  are; with one host kernel in it, the kernel A vs B dashboard is left out (said so).
"""
import glob, json, os, re, subprocess, sys, tempfile, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_servers import LocalStack, free_port, http_get, wait_until  # noqa: E402
import results_model  # noqa: E402
from test_report import Report  # noqa: E402

NODE_EXPORTER = "/usr/bin/prometheus-node-exporter"
GRAFANA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "grafana")
HOSTS = ["lab-a", "lab-b"]  # the fixture fleet's; a real fleet's are read from its directory
REPORT = Report()
check = REPORT.check


def substitute(expr, values):
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", lambda m: values[m.group(1) or m.group(2)], expr)


def make_fleet(fleet, runs):
    """FLEET/<host>/<scenario>-<n>/results.json: every host gets every run, named for the host."""
    for host in HOSTS:
        for n, run in enumerate(runs):
            with open(os.path.join(run, "results.json")) as f:
                results = json.load(f)
            results["context"][results_model.context_key("fleet_host")] = host
            results["memattr"].setdefault("labels", {})["rack"] = "r-" + host
            out = os.path.join(fleet, host, f"default-{n}")
            os.makedirs(out)
            with open(os.path.join(out, "results.json"), "w") as f:
                json.dump(results, f)


def start(name, argv, workdir, processes):
    log = open(os.path.join(workdir, name + ".log"), "w")
    processes.append((subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL), log))


def fleet_hosts(fleet):
    """host -> its first results directory, for every DIR/<host>/ with a run in it."""
    out = {}
    for host in sorted(os.listdir(fleet)):
        runs = sorted(glob.glob(os.path.join(fleet, host, "*", "results.json")))
        if runs:
            out[host] = os.path.dirname(runs[0])
    return out


def host_kernel(run):
    with open(os.path.join(run, "results.json")) as f:
        return results_model.release(json.load(f)["context"][results_model.context_key("host_kernel")])


def main():
    tool, args = sys.argv[1], sys.argv[2:]
    if not os.access(NODE_EXPORTER, os.X_OK):
        print(f"SKIP: {NODE_EXPORTER} is not installed (host-runner/tools/setup.sh installs it)")
        return 77
    with tempfile.TemporaryDirectory(prefix="memattr-fleet-metrics-") as tmp:
        if args[0] == "--fleet":
            fleet = args[1]
            sources = fleet_hosts(fleet)
            HOSTS[:] = sorted(sources)
            kernels = sorted({host_kernel(run) for run in sources.values()})
        else:
            fleet = os.path.join(tmp, "fleet")
            make_fleet(fleet, args)
            sources = {host: os.path.join(fleet, host, "default-0") for host in HOSTS}
            kernels = [host_kernel(run) for run in args]
        check(len(HOSTS) >= 2, f"want at least two hosts with results, found {HOSTS}")
        processes, nodes = [], []
        try:
            serve_port = free_port()
            start("serve", [tool, "serve", fleet, "--listen", f"127.0.0.1:{serve_port}"], tmp, processes)
            for host in HOSTS:  # what each host's job would leave: its latest run's memattr.prom
                textfile_dir = os.path.join(tmp, "textfile-" + host)
                os.makedirs(textfile_dir)
                done = subprocess.run([tool, "textfile", sources[host], "--textfile-dir", textfile_dir],
                                      capture_output=True, text=True)
                check(done.returncode == 0, f"textfile {host}: exit {done.returncode}: {done.stderr}")
                text = open(os.path.join(textfile_dir, "memattr.prom")).read()
                samples = [l for l in text.splitlines() if l and not l.startswith("#")]
                check(samples and all(len(l.rsplit("} ", 1)[-1].split()) == 1 for l in samples),
                      f"{host}: memattr.prom has samples with timestamps (node_exporter refuses them)")
                port = free_port()
                nodes.append(f"127.0.0.1:{port}")
                start("node-" + host, [NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{port}",
                                       "--collector.disable-defaults", "--collector.textfile",
                                       f"--collector.textfile.directory={textfile_dir}"], tmp, processes)
            wait_until("memattr-host serve", lambda: "memattr_run_info" in http_get(
                f"http://127.0.0.1:{serve_port}/metrics"), timeout=30)
            for node in nodes:
                wait_until(f"node_exporter {node}", lambda: "memattr_run_info" in http_get(
                    f"http://{node}/metrics"), timeout=30)
            with LocalStack(tmp, memattr_host_port=serve_port, node_exporters=nodes) as stack:
                model = {}
                for run in glob.glob(os.path.join(fleet, "*", "*", "results.json")):
                    model.update(results_model.load_run(run, {"job": "memattr-host"}))
                run_checks(stack, kernels, model)
        finally:
            for process, log in processes:
                process.terminate()
                process.wait(timeout=15)
                log.close()
    return REPORT.finish()


def run_checks(stack, kernels, model):
    want = {("memattr-host", h) for h in HOSTS} | {("memattr-node", h) for h in HOSTS}
    def seen():
        return {(s["metric"]["job"], s["metric"]["host"]) for s in stack.query("memattr_run_info")}
    wait_until("every host through serve and node_exporter", lambda: want <= seen(), timeout=60)
    check(want <= seen(), f"memattr_run_info by (job, host): {sorted(seen())}")
    errors = stack.query('node_textfile_scrape_error{job="memattr-node"}')
    check(len(errors) == 2 and all(float(s["value"][1]) == 0 for s in errors),
          f"node_exporter textfile scrape errors: {errors}")
    racks = {s["metric"]["host"]: s["metric"].get("rack") for s in
             stack.query('memattr_run_info{job="memattr-node"}')}
    check(set(racks) == set(HOSTS) and all(racks.values()), f"host labels on the textfile series: {racks}")
    rules = [(r["name"], r["query"]) for g in stack.api("/api/v1/rules")["groups"] for r in g["rules"]
             if r["type"] == "recording"]
    results_model.add_recording_rules(model, rules)
    for record, _ in rules:  # until each rule has evaluated every host it will have
        hosts = {dict(labels).get("host") for labels in results_model.evaluate(model, record)}
        if hosts:
            wait_until(f"rule {record} for {sorted(hosts)}", lambda: hosts <= {
                s["metric"].get("host") for s in stack.query(record)}, timeout=30)
    count = empty = 0
    for path in sorted(glob.glob(os.path.join(GRAFANA, "*.json"))):
        board = json.load(open(path))
        if "kernel_a" in json.dumps(board["templating"]) and len(kernels) < 2:
            print(f"{board['uid']}: left out: one host kernel ({kernels[0]}) in this fleet")
            continue
        names = [v["name"] for v in board["templating"]["list"]]
        check("host" in names, f"{board['uid']}: no $host variable")
        for var in board["templating"]["list"]:
            if var["name"] == "host":
                selector = re.fullmatch(r"label_values\((.*), host\)", var["definition"]).group(1)
                got = set(stack.api("/api/v1/label/host/values?" + urllib.parse.urlencode(
                    {"match[]": substitute(selector, {"scenario": ".*"})})))
                check(got == set(HOSTS), f"{board['uid']} $host offers {sorted(got)}")
        for panel in board["panels"]:
            for t in panel.get("targets", []):
                for host in HOSTS:
                    values = {"scenario": ".*", "host": host, "kernel": ".*", "region": ".*",
                              "backing": ".*", "bench_kernel": ".*", "kernel_a": kernels[0],
                              "kernel_b": kernels[-1]}
                    expr = substitute(t["expr"], values)
                    try:
                        result = stack.query(expr)
                    except OSError as e:  # urllib's HTTPError: Prometheus refused the query
                        body = e.read().decode() if hasattr(e, "read") else ""
                        check(False, f"{board['uid']} / {panel['title']}: {e} {body}\n  query: {expr}")
                        continue
                    # Data wherever the results predict some (a panel of failures is empty
                    # when nothing failed), for every host.
                    expected = bool(results_model.evaluate(model, expr))
                    check(bool(result) == expected,
                          f"{board['uid']} / {panel['title']} / {t['refId']}: {host}: "
                          f"{'no data' if expected else 'data the results do not predict'}")
                    empty += not expected
                    count += 1
    print(f"evaluated {count} panel queries, each per host; {empty} empty as the results predict")
    check(empty < count / 4, f"{empty} of {count} panel queries predicted empty: too few to show the fleet")


if __name__ == "__main__":
    sys.exit(main())
