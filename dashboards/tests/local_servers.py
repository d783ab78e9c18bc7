"""Starts Debian's prometheus and prometheus-pushgateway on free loopback ports with temporary
storage, waits for them deterministically (readiness endpoints, bounded), and always stops them.

    with LocalStack(tmpdir, scrape_targets={"memattr-host": "127.0.0.1:PORT"}) as stack:
        stack.query('memattr_run_info')
"""
import json, os, socket, subprocess, time, urllib.error, urllib.parse, urllib.request

PROMETHEUS = "/usr/bin/prometheus"
PUSHGATEWAY = "/usr/bin/prometheus-pushgateway"
DASHBOARDS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(DASHBOARDS, "prometheus", "prometheus.yml")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def wait_until(what, predicate, timeout=60, step=0.2):
    """Polls predicate() until it returns a true value; raises naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, urllib.error.URLError, ValueError) as e:
            last_error = e
        time.sleep(step)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last error: {last_error})")


def local_config(pushgateway, memattr_host, interval="1s", node_exporters=()):
    """dashboards/prometheus/prometheus.yml with the ports and intervals of this stack; the
    node_exporter job scrapes `node_exporters` (ADDR:PORT list; none: a port nothing listens on)."""
    with open(CONFIG) as f:
        text = f.read()
    rules = os.path.join(DASHBOARDS, "prometheus")
    nodes = ", ".join(f'"{n}"' for n in node_exporters) or f'"127.0.0.1:{free_port()}"'
    for old, new in [('"127.0.0.1:9091"', f'"{pushgateway}"'), ('"127.0.0.1:9464"', f'"{memattr_host}"'),
                     ('["127.0.0.1:9100"]', f"[{nodes}]"),
                     ("scrape_interval: 15s", f"scrape_interval: {interval}"),
                     ("evaluation_interval: 15s", f"evaluation_interval: {interval}"),
                     ("- recording_rules.yml", f"- {rules}/recording_rules.yml"),
                     ("- alerting_rules.yml", f"- {rules}/alerting_rules.yml")]:
        assert text.count(old) == 1, f"{CONFIG}: expected exactly one '{old}'"
        text = text.replace(old, new)
    return text


class LocalStack:
    def __init__(self, workdir, memattr_host_port=None, node_exporters=()):
        self.workdir = workdir
        self.node_exporters = list(node_exporters)
        self.pushgateway_port = free_port()
        self.prometheus_port = free_port()
        self.memattr_host_port = memattr_host_port or free_port()
        self.processes = []

    @property
    def pushgateway_url(self):
        return f"http://127.0.0.1:{self.pushgateway_port}"

    @property
    def prometheus_url(self):
        return f"http://127.0.0.1:{self.prometheus_port}"

    def __enter__(self):
        try:
            self.start_pushgateway()
            self.start_prometheus()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def spawn(self, name, argv):
        log = open(os.path.join(self.workdir, name + ".log"), "w")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.processes.append((name, process, log))
        return process

    def start_pushgateway(self):
        self.spawn("pushgateway", [PUSHGATEWAY, f"--web.listen-address=127.0.0.1:{self.pushgateway_port}",
                                   f"--persistence.file={os.path.join(self.workdir, 'pushgateway.db')}"])
        wait_until("Pushgateway ready", lambda: http_get(self.pushgateway_url + "/-/ready"), timeout=30)

    def stop_pushgateway(self):
        self.stop(only="pushgateway")

    def start_prometheus(self):
        config = os.path.join(self.workdir, "prometheus.yml")
        with open(config, "w") as f:
            f.write(local_config(f"127.0.0.1:{self.pushgateway_port}", f"127.0.0.1:{self.memattr_host_port}",
                                 node_exporters=self.node_exporters))
        self.spawn("prometheus", [PROMETHEUS, f"--config.file={config}",
                                  f"--storage.tsdb.path={os.path.join(self.workdir, 'tsdb')}",
                                  f"--web.listen-address=127.0.0.1:{self.prometheus_port}"])
        wait_until("Prometheus ready", lambda: http_get(self.prometheus_url + "/-/ready"), timeout=60)

    def stop(self, only=None):
        keep = []
        for name, process, log in self.processes:
            if only and name != only:
                keep.append((name, process, log))
                continue
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        self.processes = keep

    def query(self, expr):
        url = self.prometheus_url + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        answer = json.loads(http_get(url))
        if answer.get("status") != "success":
            raise ValueError(f"query {expr!r}: {answer}")
        return answer["data"]["result"]

    def api(self, path):
        return json.loads(http_get(self.prometheus_url + path))["data"]
