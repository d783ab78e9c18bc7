#!/usr/bin/python3
"""`memattr-host compare A B --json` against checked-in golden files: the parsed JSON must be
equal, field for field (a renamed, added or removed field, a changed value or type fails), and
the exit code must be the golden "exit_code". Strings, integers, booleans and nulls match
exactly; floating-point numbers to 1e-12 relative, no looser: an arm64 build may fuse a
multiply-add (GCC contracts by default there) and move the last bit of a p-value.

Usage: compare_golden_test.py MEMATTR_HOST TESTDATA_DIR [--update]

Cases (A, B, golden), paths relative to TESTDATA_DIR = host-runner/tests/compare/testdata:
  golden/run-a, golden/run-b -> golden/compare.json: KVM (timings count); every kind of row
      (significant at 9 repetitions, significant before Holm only, tested below 9, ties, one
      repetition = not tested, only in A / only in B, aggregate and errored runs ignored,
      verdict, probe and fact changes)
  ../../report/testdata/run-a, run-b -> golden/report_runs_compare.json: the report fixtures,
      TCG (emulated timings shown, not counted)

To regenerate after an intended change of the output (then review `git diff` of the golden
files and say in the commit why they changed; a format change also bumps "schema"):
  /usr/bin/python3 host-runner/tests/compare/compare_golden_test.py \\
      BUILD/host-runner/memattr-host host-runner/tests/compare/testdata --update
"""
import json, os, subprocess, sys, tempfile

CASES = [("golden/run-a", "golden/run-b", "golden/compare.json"),
         ("../../report/testdata/run-a", "../../report/testdata/run-b",
          "golden/report_runs_compare.json")]


def differences(want, got, path="$"):
    """Paths where `got` differs from `want` (types count: 1 vs 1.0 vs "1" differ)."""
    if type(want) is not type(got):
        return ["%s: %s %r, golden has %s %r" % (path, type(got).__name__, got,
                                                 type(want).__name__, want)]
    if isinstance(want, dict):
        out = ["%s.%s: missing" % (path, k) for k in want if k not in got]
        out += ["%s.%s: not in golden" % (path, k) for k in got if k not in want]
        for k in want.keys() & got.keys():
            out += differences(want[k], got[k], "%s.%s" % (path, k))
        return out
    if isinstance(want, list):
        out = [] if len(want) == len(got) else ["%s: %d items, golden has %d" %
                                                (path, len(got), len(want))]
        for i, (w, g) in enumerate(zip(want, got)):
            out += differences(w, g, "%s[%d]" % (path, i))
        return out
    if isinstance(want, float) and abs(want - got) <= 1e-12 * max(abs(want), abs(got)):
        return []
    return [] if want == got else ["%s: %r, golden has %r" % (path, got, want)]


def main():
    host, testdata = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for a, b, golden in CASES:
            out = os.path.join(tmp, "out.json")
            code = subprocess.run([host, "compare", os.path.join(testdata, a),
                                   os.path.join(testdata, b), "--json", out],
                                  stdout=subprocess.DEVNULL).returncode
            got = json.load(open(out))
            golden_path = os.path.join(testdata, golden)
            if update:
                with open(golden_path, "w") as f:
                    json.dump(got, f, indent=2, ensure_ascii=False)
                    f.write("\n")
                print("updated %s" % golden_path)
                continue
            want = json.load(open(golden_path))
            diff = differences(want, got)
            if code != want.get("exit_code"):
                diff.append("exit code %d, golden has %r" % (code, want.get("exit_code")))
            failures += ["%s: %s" % (golden, d) for d in diff]
            print("%-35s %s" % (golden, "differs" if diff else "equal (exit %d)" % code))
    for f in failures:
        print(f)
    if failures:
        print("to accept an intended change, regenerate as this file's docstring says")
        return 1
    print("compare golden: %d of %d cases equal" % (len(CASES), len(CASES)))
    return 0


sys.exit(main())
