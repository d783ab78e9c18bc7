#!/usr/bin/env bash
# `memattr-host fleet` from the command line (label host-runner): a bad fleet file exits 2 with
# FILE:LINE: FIELD before anything runs; with WITH_LIBVIRT=1, a fleet whose hosts cannot be
# reached reports each with its reason, exits 2, records fleet.json, and a rerun retries them.
#   fleet_cli_test.sh MEMATTR_HOST SOURCE_DIR WORK WITH_LIBVIRT
set -euo pipefail
host=$1 src=$2 work=$3 with_libvirt=$4
rm -rf "$work"; mkdir -p "$work"
fail() { echo "fleet cli FAIL: $*"; exit 1; }
scenario=$src/scenarios/default.yaml

expect_bad_file() {  # expect_bad_file NAME PATTERN: the fleet file NAME.yaml (stdin) exits 2
  local name=$1 pattern=$2 code=0
  cat > "$work/$name.yaml"
  "$host" fleet "$work/$name.yaml" --results "$work/$name-out" 2> "$work/$name.err" || code=$?
  echo "$name: exit $code: $(cat "$work/$name.err")"
  [[ $code -eq 2 ]] || fail "$name: exit $code, want 2"
  grep -qE "$pattern" "$work/$name.err" || fail "$name: message does not match /$pattern/"
  [[ ! -e $work/$name-out ]] || fail "$name: a fleet directory was created"
}

expect_bad_file unknown-key "^memattr-host: $work/unknown-key.yaml:3: hosts\[0\].labls: unknown key 'labls'" <<YAML
scenarios: [$scenario]
hosts:
  - {name: a, uri: 'qemu:///system', labls: {rack: r1}}
YAML
expect_bad_file duplicate-host "^memattr-host: $work/duplicate-host.yaml:5: hosts\[1\].name: duplicate host 'a' \(first at line 3\)" <<YAML
scenarios: [$scenario]
hosts:
  - name: a
    uri: qemu:///system
  - name: a
    uri: qemu+ssh://b/system
YAML
expect_bad_file not-a-uri "^memattr-host: $work/not-a-uri.yaml:4: hosts\[0\].uri: 'lab host b' is not a URI" <<YAML
scenarios: [$scenario]
hosts:
  - name: a
    uri: lab host b
YAML
expect_bad_file zero-concurrency "^memattr-host: $work/zero-concurrency.yaml:1: concurrency: 0 is out of range 1..256" <<YAML
concurrency: 0
scenarios: [$scenario]
hosts: [{name: a, uri: 'qemu:///system'}]
YAML

code=0
"$host" run "$scenario" --label 'host=x' --dry-run > /dev/null 2> "$work/label.err" || code=$?
[[ $code -eq 2 ]] && grep -q "'host' is not a label name" "$work/label.err" ||
  fail "run --label host=x: exit $code: $(cat "$work/label.err")"

[[ $with_libvirt == 1 ]] || { echo "fleet cli OK (bad files; no libvirt in this build)"; exit 0; }
cat > "$work/gone.yaml" <<YAML
concurrency: 2
scenarios: [$scenario]
hosts:
  - {name: gone-a, uri: 'qemu+unix:///system?socket=$work/nobody-a.sock', labels: {rack: r1}}
  - {name: gone-b, uri: 'qemu+unix:///system?socket=$work/nobody-b.sock', labels: {rack: r2}}
YAML
for attempt in 1 2; do
  code=0
  "$host" fleet "$work/gone.yaml" --results "$work/gone" > "$work/gone-$attempt.out" 2>&1 || code=$?
  cat "$work/gone-$attempt.out"
  [[ $code -eq 2 ]] || fail "unreachable hosts: exit $code, want 2"
  for h in a b; do
    grep -q "no results from gone-$h: default: .*cannot connect: .*nobody-$h.sock" "$work/gone-$attempt.out" ||
      fail "gone-$h is not reported with its reason"
  done
done
python3 - "$work/gone/fleet.json" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
pairs = {p["host"]: p for p in record["pairs"]}
assert set(pairs) == {"gone-a", "gone-b"}, pairs
for p in pairs.values():
    assert p["exit_code"] == 2 and "cannot connect" in p["reason"] and not p["earlier"], p
assert record["exit_code"] == 2, record
PY
echo "fleet cli OK"
