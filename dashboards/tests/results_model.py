"""The series memattr should export for a results.json, computed here independently of the C++
exporter (host-runner/docs/results_format.md, bench/protocol/include/memattr/protocol/metric_names.h), and a tiny
evaluator for the PromQL shapes the dashboards and rules use, so every panel's result can be
compared series by series with what the results files say.

A series is (name, labels) with labels a frozenset of (key, value); a Model maps it to a value.
"""
import json, os, re, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
from vocabulary import context_key, word, words  # noqa: E402

OUTCOMES = words("outcome_kinds")
VERDICTS = words("verdicts")


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def bounded(value):
    value = str(value).split(":")[0].strip()
    return value or "unknown"


# memattr's own label keys (metric_names.h kAllLabelNames and kForbiddenLabelNames): a scenario
# label with one of these names is not exported.
OWN_LABELS = {"scenario", "host", "host_kernel", "guest_kernel", "accel", "region", "region_kind",
              "backing", "attribute", "kernel", "threads", "probe", "outcome", "inferred",
              "expected", "verdict", "qemu_version", "cacheable_pfnmap", "fwb", "arch", "status",
              "timings", "job", "instance", "run_id", "address", "timestamp", "time", "pid", "path"}


def scenario_labels(results):
    """The scenario's labels (memattr.labels) that every series carries."""
    labels = results.get("memattr", {}).get("labels", {})
    return {k: v for k, v in labels.items() if isinstance(v, str) and k not in OWN_LABELS
            and re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", k) and not k.startswith("__")}


def release(kernel):
    """host_kernel/guest_kernel labels hold the release: the first word of the context fact."""
    words = str(kernel).split()
    return words[0] if words else "unknown"


def run_series(results, extra_labels):
    """Every series one run exports, with the labels Prometheus adds (job, instance)."""
    ctx = results["context"]
    # A fleet's host name (memattr.fleet_host) is the host label, as run_metrics.cc does.
    def fact(name):
        return ctx.get(context_key(name), "unknown")

    run = {"scenario": ctx[context_key("scenario")],
           "host": ctx.get(context_key("fleet_host"), ctx.get("host_name", "unknown")),
           "host_kernel": release(fact("host_kernel")),
           "guest_kernel": release(fact("guest_kernel")),
           "accel": fact("accel")}
    run.update(scenario_labels(results))
    run.update(extra_labels)
    out = {}

    def put(name, value, **labels):
        out[(name, frozenset({**run, **labels}.items()))] = float(value)

    info = dict(qemu_version=fact("qemu_version"),
                cacheable_pfnmap=bounded(fact("cacheable_pfnmap_cap")),
                fwb=bounded(fact("fwb")), arch=fact("arch"),
                status=fact("status"), timings=fact("timings"))
    put("memattr_run_info", 1, **info)
    duration = float(ctx.get(context_key("duration_seconds"), 0))
    put("memattr_run_duration_seconds", duration)
    put("memattr_run_failed_steps", len(results["memattr"].get("failures", [])))
    if info["status"] == word("run_statuses", "ok"):
        put("memattr_last_success_timestamp_seconds", context_time(ctx["date"]) + duration)
    backing = {}
    for region in results["memattr"].get("regions", []):
        if "name" not in region or "skipped" in region:
            continue
        kind = region.get("kind", "unknown")
        backing[region["name"]] = region.get("backing") or kind
        put("memattr_region_size_bytes", region.get("size_bytes", 0), region=region["name"],
            region_kind=kind, backing=backing[region["name"]])
    cells(results["benchmarks"], put, backing)
    for p in results["memattr"].get("probes", []):
        for outcome in OUTCOMES:
            put("memattr_probe_outcome", outcome == p["outcome"]["kind"], region=p["region"],
                backing=backing.get(p["region"], "unknown"), attribute=p["attribute"],
                probe=p["probe"], outcome=outcome)
    for v in results["memattr"].get("verdicts", []):
        where = dict(region=v["region"], backing=backing.get(v["region"], "unknown"), attribute=v["attribute"])
        put("memattr_region_effective_type_info", 1, inferred=v["inferred"], expected=v["expected"],
            verdict=v["verdict"], **where)
        for verdict in VERDICTS:
            put("memattr_region_verdict", verdict == v["verdict"], verdict=verdict, **where)
    return out


def context_time(date):
    import datetime
    return datetime.datetime.fromisoformat(date).timestamp()


def cells(benchmarks, put, region_backing):
    groups = {}
    for r in benchmarks:
        if r.get("error_occurred"):
            continue
        g = groups.setdefault(r.get("run_name", r["name"]), {"records": [], "median": None, "first": r})
        if r.get("run_type") == "aggregate":
            if r.get("aggregate_name") == "median":
                g["median"] = r
        else:
            g["records"].append(r)
    for g in groups.values():
        r0 = g["first"]
        backing = r0.get("memattr_backing") or region_backing.get(r0["memattr_region"], "unknown")
        labels = dict(region=r0["memattr_region"], backing=backing,
                      attribute=r0["memattr_attribute"], kernel=r0["memattr_kernel"],
                      threads=str(r0.get("memattr_threads", r0.get("threads", 1))))

        def value(counter):
            if g["median"] is not None:
                return g["median"].get(counter)
            values = [r[counter] for r in g["records"] if counter in r]
            return median(values) if values else None

        bps, ns, items = value("bytes_per_second"), value("ns_per_load"), value("items_per_second")
        failures = [r["stxr_failures"] * r.get("iterations", 1) for r in g["records"] if "stxr_failures" in r]
        if bps is not None:
            put("memattr_bandwidth_bytes_per_second", bps, **labels)
        if ns is not None:
            put("memattr_load_latency_seconds", ns * 1e-9, **labels)
        if failures:
            put("memattr_store_exclusive_failures_total", sum(failures), **labels)
            if items is not None:
                put("memattr_exclusive_operations_per_second", items, **labels)
        elif items is not None and bps is None and ns is None:
            put("memattr_atomic_operations_per_second", items, **labels)


def load_run(results_file, extra_labels):
    with open(results_file) as f:
        return run_series(json.load(f), extra_labels)


# --- A tiny PromQL evaluator for the shapes memattr's dashboards and rules use -----------------

MATCHER = re.compile(r'(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"')


def select(model, selector):
    m = re.fullmatch(r"\s*([A-Za-z_:][\w:]*)\s*(?:\{(.*)\})?\s*", selector, re.S)
    if not m:
        raise ValueError(f"not a selector: {selector!r}")
    name, matchers = m.group(1), MATCHER.findall(m.group(2) or "")
    out = {}
    for (series_name, labels), value in model.items():
        if series_name != name:
            continue
        d = dict(labels)
        if all(matches(d.get(k, ""), op, v) for k, op, v in matchers):
            out[(series_name, labels)] = value
    return out


def matches(actual, op, wanted):
    if op == "=":
        return actual == wanted
    if op == "!=":
        return actual != wanted
    full = re.fullmatch(wanted, actual) is not None
    return full if op == "=~" else not full


def without(labels, keys):
    return frozenset((k, v) for k, v in labels if k not in keys)


def only(labels, keys):
    return frozenset((k, v) for k, v in labels if k in keys)


def split_top(expr, op):
    """Splits at the first top-level occurrence of `op` (outside braces and parentheses)."""
    depth = 0
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif c == '"':
            i = expr.index('"', i + 1)
        elif depth == 0 and expr.startswith(op, i):
            return expr[:i], expr[i + len(op):]
        i += 1
    return None


def evaluate(model, expr):
    """Returns {labels (frozenset, with __name__ when kept): value}."""
    expr = " ".join(expr.split())
    parts = split_top(expr, " unless on ")
    if parts:
        on, rest = re.fullmatch(r"\(([^)]*)\) (.*)", parts[1]).groups()
        keys = {k.strip() for k in on.split(",")}
        left, right = evaluate(model, parts[0]), evaluate(model, rest)
        taken = {only(l, keys) for l in right}
        return {l: v for l, v in left.items() if only(l, keys) not in taken}
    for op in [" / ignoring", " / on "]:
        parts = split_top(expr, op)
        if parts:
            on, rest = re.fullmatch(r" ?\(([^)]*)\) (.*)", parts[1]).groups()
            keys = {k.strip() for k in on.split(",")}
            left, right = evaluate(model, parts[0]), evaluate(model, rest)
            pick = (lambda l: without(l, keys | {"__name__"})) if "ignoring" in op else (lambda l: only(l, keys))
            index = {pick(l): v for l, v in right.items()}
            # one-to-one matching: the result keeps the matching labels only (as Prometheus does)
            return {pick(l): v / index[pick(l)] for l, v in left.items() if pick(l) in index}
    parts = split_top(expr, " == 1")
    if parts and not parts[1].strip():
        return {l: v for l, v in evaluate(model, parts[0]).items() if v == 1}
    parts = split_top(expr, " * 1000")
    if parts and not parts[1].strip():
        return {without(l, {"__name__"}): v * 1000 for l, v in evaluate(model, parts[0]).items()}
    m = re.fullmatch(r"(sum|max) by \(([^)]*)\) \((.*)\)", expr)
    if m:
        keys = {k.strip() for k in m.group(2).split(",")}
        out = {}
        for l, v in evaluate(model, m.group(3)).items():
            k = only(l, keys)
            out[k] = (out.get(k, 0) + v) if m.group(1) == "sum" else max(out.get(k, v), v)
        return out
    m = re.fullmatch(r'label_join\((.*), "(\w+)", "([^"]*)", "(\w+)", "(\w+)"\)', expr)
    if m:
        out = {}
        for l, v in evaluate(model, m.group(1)).items():
            d = dict(l)
            d[m.group(2)] = m.group(3).join([d.get(m.group(4), ""), d.get(m.group(5), "")])
            out[frozenset(d.items())] = v
        return out
    return {frozenset({**dict(labels), "__name__": name}.items()): v
            for (name, labels), v in select(model, expr).items()}


def add_recording_rules(model, rules):
    """Adds the output of each (record, expr) to the model, in order (rules may build on rules)."""
    for record, expr in rules:
        for labels, value in evaluate(model, expr).items():
            model[(record, without(labels, {"__name__"}))] = value
    return model
