"""What a scheduler example (host-runner/examples/) must leave behind on the host it ran on, checked
the same way for every scheduler: one results directory RESULTS_ROOT/HOST-<job> with results.json
naming the host and its rack, a complete run (status ok) with the region's verdict, and
TEXTFILE_DIR/memattr.prom as node_exporter's textfile collector takes it (no timestamps) with the host
and rack labels on the run's series and the region's verdict series.
"""
import glob
import json
import os
import re
import shutil
import sys

# A sample line of the text format without a timestamp: name, optional {labels}, one value.
SAMPLE_WITHOUT_TIMESTAMP = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+$')


def skip_without_agent(image):
    """Exits 77 (ctest SKIP) when IMAGE is not a guest image with memattr-agent in it."""
    env = os.path.join(image, "image.env")
    if not os.path.exists(env) or not re.search(r"^AGENT=/", open(env).read(), re.M):
        print("SKIP: no guest image with memattr-agent in %s (memattr-host image build)" % image)
        sys.exit(77)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def fresh_example_dirs(work):
    """Empties WORK; returns the example's (results root, textfile directory) in it."""
    shutil.rmtree(work, ignore_errors=True)
    dirs = os.path.join(work, "results"), os.path.join(work, "textfile")
    for d in dirs:
        os.makedirs(d)
    return dirs


def expect_example_result(example, results_root, textfile_dir, host, rack):
    """Exits 1 naming every problem, or prints that EXAMPLE left its result."""
    problems = check_example_result(results_root, textfile_dir, host, rack)
    if problems:
        fail("\n  ".join(problems))
    print("OK: the %s example ran memattr-host on %s (rack %s): results and memattr.prom"
          % (example, host, rack))


def check_example_result(results_root, textfile_dir, host, rack):
    """Returns a list of problems, empty when the example's run left what it should."""
    dirs = glob.glob(os.path.join(results_root, host + "-*"))
    if len(dirs) != 1:
        return ["want one results directory %s/%s-<job>, found %s" % (results_root, host, dirs)]
    results = os.path.join(dirs[0], "results.json")
    if not os.path.exists(results):
        return ["no %s" % results]
    run = json.load(open(results))
    problems = []
    context = run["context"]
    print("%s: memattr.status %s" % (results, context.get("memattr.status")))
    if context.get("memattr.status") != "ok":
        problems.append("results.json: memattr.status %r, want 'ok' (a complete run)"
                        % context.get("memattr.status"))
    if not run["memattr"].get("verdicts"):
        problems.append("results.json: no verdict")
    if context.get("memattr.fleet_host") != host:
        problems.append("results.json: memattr.fleet_host is %r, want %r (--host-name)"
                        % (context.get("memattr.fleet_host"), host))
    if run["memattr"]["labels"].get("rack") != rack:
        problems.append("results.json: labels %s, want rack=%s" % (run["memattr"]["labels"], rack))
    return problems + check_textfile(os.path.join(textfile_dir, "memattr.prom"), host, rack)


def check_textfile(prom, host, rack):
    if not os.path.exists(prom):
        return ["no %s (--textfile-dir)" % prom]
    samples = [l for l in open(prom).read().splitlines() if l and not l.startswith("#")]
    problems = ["%s: a sample with a timestamp (node_exporter refuses the file): %s" % (prom, l)
                for l in samples if not SAMPLE_WITHOUT_TIMESTAMP.match(l)]
    run_info = [l for l in samples if l.startswith("memattr_run_info{")]
    want = ['host="%s"' % host, 'rack="%s"' % rack]
    if not run_info or not all(w in run_info[0] for w in want):
        problems.append("%s: no memattr_run_info with %s: %s" % (prom, " and ".join(want), run_info))
    verdicts = [l for l in samples if l.startswith("memattr_region_verdict{") and l.endswith(" 1")]
    if not any(all(w in l for w in want) for l in verdicts):
        problems.append("%s: no memattr_region_verdict series (value 1) with %s" % (prom, " and ".join(want)))
    return problems
