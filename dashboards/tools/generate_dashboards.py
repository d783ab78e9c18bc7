#!/usr/bin/env python3
"""Writes the memattr Grafana dashboards (dashboards/grafana/*.json) from the descriptions below.

The JSON files are committed so Grafana can provision them as they are; dashboards_lint_test
regenerates them and fails when a committed file differs from this script's output.
usage: generate_dashboards.py [OUT_DIR]   (default: dashboards/grafana next to this script)
"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vocabulary import word, words  # noqa: E402

SCHEMA_VERSION = 39          # Grafana 10.4 / 11.x dashboard schema
DS = {"type": "prometheus", "uid": "${datasource}"}
RUN = 'scenario=~"$scenario",host=~"$host",host_kernel=~"$kernel"'
SEL = RUN + ',region=~"$region",backing=~"$backing"'
SELK = SEL + ',kernel=~"$bench_kernel"'
# Outcomes of a probe that did not end ok or skipped: "fault|wrong-data|timeout|error".
NOT_OK = "|".join(o for o in words("outcome_kinds") if o not in (word("outcome_kinds", "ok"),
                                                                   word("outcome_kinds", "skipped")))


def var_datasource():
    return {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
            "current": {}, "hide": 0, "refresh": 1, "options": [], "regex": ""}


def var_query(name, label, query, multi=True):
    v = {"name": name, "label": label, "type": "query", "datasource": DS,
         "definition": query, "query": {"query": query, "refId": "memattr-" + name},
         "refresh": 2, "sort": 1, "current": {}, "options": [], "hide": 0, "regex": ""}
    if multi:
        v.update({"multi": True, "includeAll": True, "allValue": ".*"})
    else:
        v.update({"multi": False, "includeAll": False})
    return v


def common_vars(kernel=True, region=True, bench_kernel=False):
    out = [var_datasource(),
           var_query("scenario", "Scenario", "label_values(memattr_run_info, scenario)"),
           var_query("host", "Host", 'label_values(memattr_run_info{scenario=~"$scenario"}, host)')]
    if kernel:
        out.append(var_query("kernel", "Host kernel",
                             'label_values(memattr_run_info{scenario=~"$scenario",host=~"$host"}, host_kernel)'))
    if region:
        out.append(var_query("region", "Region",
                             'label_values(memattr_region_effective_type_info{scenario=~"$scenario",host=~"$host"}, region)'))
        out.append(var_query("backing", "Backing",
                             'label_values(memattr_region_effective_type_info{scenario=~"$scenario",host=~"$host",region=~"$region"}, backing)'))
    if bench_kernel:
        out.append(var_query("bench_kernel", "Benchmark kernel",
                             'label_values(memattr_bandwidth_bytes_per_second{scenario=~"$scenario",host=~"$host"}, kernel)'))
    return out


def target(expr, ref="A", legend=None, table=False):
    t = {"datasource": DS, "expr": expr, "refId": ref, "instant": table, "range": not table}
    if table:
        t["format"] = "table"
    if legend:
        t["legendFormat"] = legend
    return t


class Layout:
    """Places panels left to right on Grafana's 24-column grid and numbers them."""

    def __init__(self):
        self.panels, self.x, self.y, self.row_h, self.next_id = [], 0, 0, 0, 1

    def add(self, panel, w=12, h=8):
        if self.x + w > 24:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        panel.update({"id": self.next_id, "gridPos": {"x": self.x, "y": self.y, "w": w, "h": h},
                      "datasource": DS})
        self.next_id += 1
        self.x += w
        self.row_h = max(self.row_h, h)
        self.panels.append(panel)


def table(title, targets, description, organize=None, transformations=None):
    p = {"type": "table", "title": title, "description": description, "targets": targets,
         "options": {"showHeader": True}, "fieldConfig": {"defaults": {}, "overrides": []}}
    trans = list(transformations or [])
    if organize:
        trans.append({"id": "organize", "options": {"excludeByName": {n: True for n in organize}}})
    p["transformations"] = trans
    return p


def bars(title, targets, unit, description):
    return {"type": "bargauge", "title": title, "description": description, "targets": targets,
            "options": {"orientation": "horizontal", "displayMode": "basic",
                        "reduceOptions": {"calcs": ["lastNotNull"], "values": False}},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}}


def stat(title, targets, unit, description):
    return {"type": "stat", "title": title, "description": description, "targets": targets,
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "values": False},
                        "colorMode": "value", "textMode": "value_and_name"},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}}


HIDE = ["Time", "Value", "__name__", "job", "instance"]
LEG = "{{region}} ({{backing}}) {{kernel}}"


def dashboard(uid, title, description, variables, layout, tags):
    return {"uid": uid, "title": title, "description": description, "schemaVersion": SCHEMA_VERSION,
            "version": 1, "editable": True, "tags": ["memattr"] + tags, "timezone": "utc",
            "time": {"from": "now-7d", "to": "now"}, "refresh": "", "graphTooltip": 1,
            "annotations": {"list": []}, "links": [{"type": "dashboards", "tags": ["memattr"],
                                                     "asDropdown": True, "title": "memattr"}],
            "templating": {"list": variables}, "panels": layout.panels}


def overview():
    l = Layout()
    l.add(table("Verdict per region: requested vs inferred",
                [target(f"memattr_region_effective_type_info{{{SEL}}}", table=True)],
                "One row per region and requested attribute: what the guest asked for, the type the "
                "probes show (inferred), what the platform should give (expected) and the verdict.",
                organize=HIDE), w=24, h=10)
    l.add(stat("Region mappings per verdict",
               [target(f"sum by (verdict) (memattr_region_verdict{{{SEL}}})", legend="{{verdict}}")],
               "none", " / ".join(words("verdicts")) + " counts for the selection."), w=12, h=5)
    l.add(stat("Verdicts per run",
               [target(f"scenario_verdict:memattr_region_verdict:sum{{{RUN}}}",
                       legend="{{scenario}} {{host_kernel}} {{verdict}}")],
               "none", "Recording rule scenario_verdict:memattr_region_verdict:sum."), w=12, h=5)
    l.add(table("Runs", [target(f"memattr_run_info{{{RUN}}}", table=True)],
                "Host facts per run: QEMU, accelerator, KVM cap 243 (cacheable PFNMAP), FWB, status, and "
                "whether timings are from hardware or emulated by TCG (then they mean nothing).",
                organize=HIDE), w=24, h=6)
    l.add(stat("Run duration", [target(f"memattr_run_duration_seconds{{{RUN}}}",
                                       legend="{{scenario}} {{host_kernel}}")], "s",
               "Wall-clock time of each run."), w=8, h=5)
    l.add(stat("Last successful run", [target(f"memattr_last_success_timestamp_seconds{{{RUN}}} * 1000",
                                              legend="{{scenario}} {{host_kernel}}")],
               "dateTimeAsIso", "End time of the latest run with status ok."), w=8, h=5)
    l.add(stat("Failed steps", [target(f"memattr_run_failed_steps{{{RUN}}}",
                                       legend="{{scenario}} {{host_kernel}}")], "none",
               "Guest crashes or hangs the run recovered from (results kept)."), w=8, h=5)
    l.add(table("Regions", [target(f"memattr_region_size_bytes{{{SEL}}}", table=True)],
                "Regions the guest found, with their size.", organize=["Time", "__name__", "job", "instance"]),
          w=24, h=6)
    return dashboard("memattr-overview", "memattr: overview",
                     "Effective memory type per region: requested vs inferred, and the verdict.",
                     common_vars(), l, ["overview"])


def side_by_side(l, what, metric, unit, descriptions, ratio, ratio_width):
    """Normal-WB and Device-nGnRE panels of one metric next to each other, then their ratio rule."""
    for (attribute, shown), description in zip([(word("memory_attributes", "normal-wb"), "Normal-WB"),
                                                (word("memory_attributes", "device-ngnre"), "Device-nGnRE")],
                                               descriptions):
        l.add(bars(f"{what}, {shown}", [target(f'{metric}{{{SELK},attribute="{attribute}"}}', legend=LEG)],
                   unit, description))
    l.add(bars(ratio[0], [target(f"region_kernel:{metric}:device_ngnre_over_normal_wb{{{SELK}}}", legend=LEG)],
               "percentunit", ratio[1]), w=ratio_width)


def wb_vs_device():
    l = Layout()
    side_by_side(l, "Bandwidth", "memattr_bandwidth_bytes_per_second", "Bps",
                 ["Median over repetitions, requested Normal-WB.",
                  "Median over repetitions, requested Device-nGnRE; same regions and kernels."],
                 ("Device-nGnRE / Normal-WB bandwidth",
                  "Recording rule: < 100 % means Device-nGnRE moves fewer bytes per second."), 24)
    l.add(bars("Best bandwidth per region and attribute",
               [target(f"region_attribute:memattr_bandwidth_bytes_per_second:max{{{SEL}}}",
                       legend="{{region}} {{attribute}}")], "Bps",
               "Recording rule region_attribute:memattr_bandwidth_bytes_per_second:max."), w=24)
    return dashboard("memattr-normal-wb-vs-device-ngnre", "memattr: Normal-WB vs Device-nGnRE",
                     "Streaming bandwidth per kernel with Normal-WB and Device-nGnRE side by side, and their ratio.",
                     common_vars(bench_kernel=True), l, ["bandwidth"])


def latency():
    l = Layout()
    side_by_side(l, "Load latency", "memattr_load_latency_seconds", "s",
                 ["Dependent-load latency (pointer chase), median over repetitions.",
                  "Same regions with Device-nGnRE requested."],
                 ("Device-nGnRE / Normal-WB latency",
                  "Recording rule: > 100 % means Device-nGnRE loads take longer."), 12)
    l.add(table("Load latency, every attribute",
                [target(f"memattr_load_latency_seconds{{{SELK}}}", table=True)],
                "All requested attributes per region.", organize=["Time", "__name__", "job", "instance"]))
    return dashboard("memattr-latency", "memattr: load latency",
                     "Dependent-load latency per region and requested attribute.",
                     common_vars(bench_kernel=True), l, ["latency"])


def atomics():
    l = Layout()
    l.add(bars("Atomic operations per second",
               [target(f"memattr_atomic_operations_per_second{{{SELK}}}", legend=LEG + " {{attribute}}")],
               "ops", "LSE atomics (e.g. atomic_fetch_add), median over repetitions."))
    l.add(bars("Exclusive operations per second",
               [target(f"memattr_exclusive_operations_per_second{{{SELK}}}", legend=LEG + " {{attribute}}")],
               "ops", "LDXR/STXR loops, median over repetitions."))
    l.add(bars("Failed store-exclusives",
               [target(f"memattr_store_exclusive_failures_total{{{SELK}}}", legend=LEG + " {{attribute}}")],
               "none", "STXR failures summed over the repetitions of a run."))
    l.add(bars("Device-nGnRE / Normal-WB operations",
               [target(f"region_kernel:memattr_atomic_operations_per_second:device_ngnre_over_normal_wb{{{SELK}}}",
                       "A", legend="atomic " + LEG),
                target(f"region_kernel:memattr_exclusive_operations_per_second:device_ngnre_over_normal_wb{{{SELK}}}",
                       "B", legend="exclusive " + LEG)],
               "percentunit", "Recording rules for atomic and exclusive operation rates."))
    l.add(table("Atomic and exclusive probes that did not pass",
                [target(f'memattr_probe_outcome{{{SEL},probe=~".*atomic.*|exclusive.*",outcome!="ok"}} == 1',
                        table=True)],
                "Outcome of the atomicity, LSE and exclusive probes per mapping (ok rows hidden).",
                organize=HIDE), w=24)
    return dashboard("memattr-atomics-exclusives", "memattr: atomics and exclusives",
                     "LSE atomics and load/store-exclusives: rates, STXR failures and probe outcomes.",
                     common_vars(bench_kernel=True), l, ["atomics"])


def probes():
    l = Layout()
    l.add(table("Probe outcome matrix",
                [target(f'label_join(memattr_probe_outcome{{{SEL}}} == 1, "mapping", "/", "region", "attribute")',
                        table=True)],
                "Rows: region/requested attribute; columns: probes; cells: outcome.",
                transformations=[{"id": "groupingToMatrix",
                                  "options": {"columnField": "probe", "rowField": "mapping",
                                              "valueField": "outcome"}}]), w=24, h=12)
    l.add(stat("Probe outcomes per run",
               [target(f"scenario_outcome:memattr_probe_outcome:sum{{{RUN}}}",
                       legend="{{host_kernel}} {{outcome}}")], "none",
               "Recording rule scenario_outcome:memattr_probe_outcome:sum."), w=24, h=5)
    l.add(table("Faults, wrong data, timeouts and errors",
                [target(f'memattr_probe_outcome{{{SEL},outcome=~"{NOT_OK}"}} == 1',
                        table=True)], "Every probe that did not end ok or skipped.", organize=HIDE), w=24)
    return dashboard("memattr-probe-outcomes", "memattr: probe outcomes",
                     "Correctness probes (unaligned access, DC ZVA, exclusives, atomics, memset/memcpy) per mapping.",
                     common_vars(), l, ["probes"])


def kernel_ab():
    l = Layout()
    A = 'host_kernel="$kernel_a"'
    B = 'host_kernel="$kernel_b"'
    sel = 'scenario=~"$scenario",host=~"$host",region=~"$region",backing=~"$backing"'
    # job too: a fleet may bring one run through `serve` and through node_exporter (two series)
    cell = "job, scenario, host, region, backing, attribute, kernel, threads"
    l.add(table("Verdicts, kernel A", [target(f"memattr_region_effective_type_info{{{sel},{A}}}", table=True)],
                "Requested vs inferred type under host kernel A.", organize=HIDE))
    l.add(table("Verdicts, kernel B", [target(f"memattr_region_effective_type_info{{{sel},{B}}}", table=True)],
                "Requested vs inferred type under host kernel B.", organize=HIDE))
    l.add(table("Verdicts that changed from A to B",
                [target(f"memattr_region_verdict{{{sel},{B}}} == 1 unless on (scenario, host, region, attribute, verdict) "
                        f"memattr_region_verdict{{{sel},{A}}} == 1", table=True)],
                "Kernel B's verdict for every mapping whose verdict differs under kernel A.", organize=HIDE), w=24)
    l.add(bars("Bandwidth, kernel A", [target(f"memattr_bandwidth_bytes_per_second{{{sel},{A}}}",
                                              legend="{{region}} {{attribute}} {{kernel}}")], "Bps",
               "Median bandwidth under host kernel A."))
    l.add(bars("Bandwidth, kernel B", [target(f"memattr_bandwidth_bytes_per_second{{{sel},{B}}}",
                                              legend="{{region}} {{attribute}} {{kernel}}")], "Bps",
               "Median bandwidth under host kernel B."))
    l.add(bars("Bandwidth B / A",
               [target(f"memattr_bandwidth_bytes_per_second{{{sel},{B}}} / on ({cell}) "
                       f"memattr_bandwidth_bytes_per_second{{{sel},{A}}}",
                       legend="{{region}} {{attribute}} {{kernel}}")], "percentunit",
               "> 100 %: kernel B is faster on this mapping."))
    l.add(bars("Load latency B / A",
               [target(f"memattr_load_latency_seconds{{{sel},{B}}} / on ({cell}) "
                       f"memattr_load_latency_seconds{{{sel},{A}}}",
                       legend="{{region}} {{attribute}}")], "percentunit",
               "> 100 %: loads take longer under kernel B."))
    l.add(table("Probe outcomes that changed from A to B",
                [target(f"memattr_probe_outcome{{{sel},{B}}} == 1 unless on (scenario, host, region, attribute, probe, outcome) "
                        f"memattr_probe_outcome{{{sel},{A}}} == 1", table=True)],
                "Kernel B's outcome for every probe whose outcome differs under kernel A.", organize=HIDE), w=24)
    l.add(table("Run facts, A and B",
                [target(f'memattr_run_info{{scenario=~"$scenario",host=~"$host",{A}}}', "A", table=True),
                 target(f'memattr_run_info{{scenario=~"$scenario",host=~"$host",{B}}}', "B", table=True)],
                "Cap 243 (cacheable PFNMAP), FWB, QEMU and accelerator under each kernel.",
                organize=HIDE, transformations=[{"id": "merge", "options": {}}]), w=24, h=5)
    variables = common_vars(kernel=False)
    q = 'label_values(memattr_run_info{scenario=~"$scenario",host=~"$host"}, host_kernel)'
    variables.insert(3, var_query("kernel_a", "Kernel A", q, multi=False))
    variables.insert(4, var_query("kernel_b", "Kernel B", q, multi=False))
    return dashboard("memattr-kernel-a-vs-b", "memattr: kernel A vs kernel B",
                     "The same scenario under two host kernels (e.g. before/after cacheable PFNMAP).",
                     variables, l, ["kernels"])


def fleet():
    l = Layout()
    bad = "|".join(word("verdicts", v) for v in ("degraded", "unsafe"))
    l.add(table("Hosts with degraded or unsafe mappings, worst first",
                [target(f'sum by (host) (memattr_region_verdict{{{SEL},verdict=~"{bad}"}})', table=True)],
                "Per host: how many region mappings have a degraded or unsafe verdict in its latest runs "
                "(0: every mapping as expected or inconclusive). Sorted worst first.",
                transformations=[{"id": "sortBy", "options": {"sort": [{"field": "Value", "desc": True}]}}]),
          w=12, h=8)
    l.add(table("Last successful run per host",
                [target(f"max by (host) (memattr_last_success_timestamp_seconds{{{RUN}}}) * 1000", table=True)],
                "End time of each host's latest run with status ok (a host missing here has no ok run).",
                transformations=[{"id": "sortBy", "options": {"sort": [{"field": "Value", "desc": False}]}}]),
          w=12, h=8)
    l.add(table("Verdict grid: host x region/attribute",
                [target(f'label_join(memattr_region_verdict{{{SEL}}} == 1, "mapping", "/", "region", "attribute")',
                        table=True)],
                "Rows: hosts; columns: region/requested attribute; cells: the verdict. A host whose row "
                "differs from the others is what a qualification looks for.",
                transformations=[{"id": "groupingToMatrix",
                                  "options": {"columnField": "mapping", "rowField": "host",
                                              "valueField": "verdict"}}]), w=24, h=10)
    l.add(table("Runs per host", [target(f"memattr_run_info{{{RUN}}}", table=True)],
                "Each host's runs: host kernel, QEMU, status, and its own labels (rack, device under test).",
                organize=HIDE), w=24, h=8)
    return dashboard("memattr-fleet", "memattr: fleet",
                     "A fleet's hosts side by side: verdicts by host, worst hosts first, last run per host.",
                     common_vars(), l, ["fleet"])


DASHBOARDS = {"overview.json": overview, "fleet.json": fleet, "normal_wb_vs_device_ngnre.json": wb_vs_device,
              "latency.json": latency, "atomics_and_exclusives.json": atomics,
              "probe_outcomes.json": probes, "kernel_a_vs_b.json": kernel_ab}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "grafana")
    os.makedirs(out, exist_ok=True)
    for name, build in DASHBOARDS.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(build(), f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
