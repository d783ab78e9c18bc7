#!/usr/bin/env python3
"""Derives the alerting run from the recorded TCG run: the same events with exactly two changed,
so that the alerts the dashboards test expects have something to fire on (a real TCG run is all
as-expected: TCG models no Device-memory fault on atomics and no stage 2).

  1. the verdict on cxl0/normal-wb: inferred "device", verdict "unsafe"
     (fires MemattrNormalWbBehavesAsDevice and MemattrRegionUnsafe);
  2. the probe outcome atomicity_contended on bar0/normal-nc: kind "wrong-data", 2 threads x
     10000 increments, 19873 counted (fires MemattrAtomicsWrongOnNormalMapping).

Everything else (seq, times, every other event, host_facts.json) stays as recorded; the results
writer (memattr-results-from-events) then writes the run's results.json from it.
usage: derive_alerting_run.py RECORDED_DIR OUT_DIR
"""
import json
import os
import shutil
import sys

VERDICT = ("cxl0", "normal-wb")
PROBE = ("bar0", "normal-nc", "atomicity_contended")


def derive(event):
    """The changed event, or None when `event` is not one of the two."""
    where = (event.get("region"), event.get("attribute"))
    if event.get("event") == "verdict" and where == VERDICT:
        return dict(event, inferred="device", verdict="unsafe")
    if event.get("event") == "probe_outcome" and where + (event.get("probe"),) == PROBE:
        outcome = dict(event["outcome"], kind="wrong-data", expected=20000, got=19873,
                       reason="2 threads x 10000 increments")
        return dict(event, outcome=outcome)
    return None


def main(recorded, out):
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(recorded, "host_facts.json"), out)
    changed = 0
    with open(os.path.join(recorded, "events.jsonl")) as src, \
            open(os.path.join(out, "events.jsonl"), "w") as dst:
        for line in src:
            new = derive(json.loads(line))
            if new is not None:
                changed += 1
                line = json.dumps(new, sort_keys=True, separators=(",", ":")) + "\n"
            dst.write(line)
    if changed != 2:
        print(f"derive_alerting_run: {recorded}/events.jsonl: changed {changed} events, expected 2 "
              f"(verdict {'/'.join(VERDICT)}, probe {'/'.join(PROBE)})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
