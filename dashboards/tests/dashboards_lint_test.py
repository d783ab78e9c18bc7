#!/usr/bin/env python3
"""Checks the Grafana dashboards as data: provisioning-ready (stable unique uid, schemaVersion,
datasource as a variable used by every panel), the template variables the issue asks for, every
`$var` defined, every metric a query names exported (metric_names.h) or recorded
(recording_rules.yml), every exported metric used by some panel, and the committed JSON equal to
what tools/generate_dashboards.py writes.

usage: dashboards_lint_test.py REPO_ROOT
"""
import filecmp, glob, json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_report import Report  # noqa: E402

REPORT = Report()
check = REPORT.check


def main():
    root = sys.argv[1]
    grafana = os.path.join(root, "dashboards", "grafana")
    with open(os.path.join(root, "bench", "protocol", "include", "memattr", "protocol",
                           "metric_names.h")) as f:
        exported = set(re.findall(r'"(memattr_[a-z_]+)"', f.read()))
    with open(os.path.join(root, "dashboards", "prometheus", "recording_rules.yml")) as f:
        recorded = set(re.findall(r"record:\s*(\S+)", f.read()))
    check(len(exported) == 13, f"metric_names.h: expected 13 metric names, found {len(exported)}")
    used, uids = set(), set()
    boards = sorted(glob.glob(os.path.join(grafana, "*.json")))
    check(len(boards) == 7, f"expected 7 dashboards, found {len(boards)}")
    for path in boards:
        with open(path) as f:
            board = json.load(f)
        name = os.path.basename(path)
        uid = board.get("uid", "")
        check(re.fullmatch(r"memattr-[a-z0-9-]{1,32}", uid) is not None, f"{name}: uid '{uid}'")
        check(uid not in uids, f"{name}: duplicate uid {uid}")
        uids.add(uid)
        check(isinstance(board.get("schemaVersion"), int), f"{name}: schemaVersion missing")
        check("id" not in board, f"{name}: a provisioned dashboard must not carry a database id")
        variables = {v["name"]: v for v in board["templating"]["list"]}
        check(variables.get("datasource", {}).get("type") == "datasource", f"{name}: no datasource variable")
        wanted = {"scenario", "host", "region", "backing"} | (
            {"kernel_a", "kernel_b"} if "kernel_a" in variables else {"kernel"})
        check(wanted <= variables.keys(), f"{name}: variables {sorted(variables)} lack {wanted - variables.keys()}")
        for panel in board["panels"]:
            if panel["type"] == "row":
                continue
            where = f"{name} / {panel['title']}"
            check(panel.get("datasource", {}).get("uid") == "${datasource}", f"{where}: datasource not ${{datasource}}")
            check(bool(panel.get("description")), f"{where}: no description")
            check(bool(panel.get("targets")), f"{where}: no query")
            for target in panel.get("targets", []):
                expr = target["expr"]
                check(target.get("datasource", {}).get("uid") == "${datasource}", f"{where}: target datasource")
                for var in re.findall(r"\$\{?(\w+)", expr):
                    check(var in variables, f"{where}: ${var} is not a template variable")
                names = set(re.findall(r"\b(memattr_[a-z_]+|[a-z_]+:memattr_[a-z_]+:[a-z_]+)\b", expr))
                check(bool(names), f"{where}: query names no memattr metric: {expr}")
                for metric in names:
                    check(metric in exported or metric in recorded, f"{where}: unknown metric {metric}")
                    used.add(metric)
    check(exported <= used, f"exported metrics no panel uses: {sorted(exported - used)}")
    check(recorded <= used, f"recording rules no panel uses: {sorted(recorded - used)}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(root, "dashboards", "tools", "generate_dashboards.py"), tmp],
                       check=True)
        for path in boards:
            same = filecmp.cmp(path, os.path.join(tmp, os.path.basename(path)), shallow=False)
            check(same, f"{os.path.basename(path)} differs from generate_dashboards.py output: regenerate it")
    provisioning = os.path.join(root, "dashboards", "grafana", "provisioning")
    with open(os.path.join(provisioning, "datasources", "memattr.yml")) as f:
        check("type: prometheus" in f.read(), "datasource provisioning must define a prometheus datasource")
    with open(os.path.join(provisioning, "dashboards", "memattr.yml")) as f:
        check("type: file" in f.read(), "dashboard provisioning must use a file provider")
    return REPORT.finish()


if __name__ == "__main__":
    sys.exit(main())
