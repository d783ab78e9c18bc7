#!/usr/bin/env bash
# e2e (labels e2e, libvirt): a fleet of two libvirt hosts on this machine — the test libvirtd
# (libvirtd_sandbox.sh) through its local URI and through qemu+ssh://127.0.0.1 (loopback_sshd.sh)
# — plus a third host that cannot be reached, all started at once by one `memattr-host fleet`.
# Both hosts must finish the default scenario with the same verdicts, the third be reported with
# its reason; then a rerun into the same fleet directory, after one host's results are removed,
# must run that host only.
#   fleet_e2e.sh MEMATTR_HOST IMAGE_DIR WORK
# Then the fleet's results reach a real Prometheus through `memattr-host serve` and a node_exporter
# per host (dashboards/tests/e2e_fleet_metrics_test.py --fleet): every dashboard per host.
# Prints the fleet's wall time and each pair's; MEMATTR_FLEET_SEQUENTIAL=1 also runs the two hosts
# one after the other (concurrency 1) for the comparison. Skips (77) without an image with the
# agent, or when not root.
set -euo pipefail
host=$1 image=$2 work=$3
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
lv=$src/tests/libvirt
[[ -f $image/image.env ]] || { echo "fleet e2e: no image in $image (memattr-host image build)"; exit 77; }
grep -q '^AGENT=/' "$image/image.env" || { echo "fleet e2e: image $image has no memattr-agent"; exit 77; }
[[ $(id -u) -eq 0 ]] || { echo "fleet e2e: needs root for its qemu:///system libvirtd"; exit 77; }
rm -rf "$work"; mkdir -p "$work"
trap '"$lv/loopback_sshd.sh" stop "$work/sshd"; "$lv/libvirtd_sandbox.sh" stop "$work/libvirtd"' EXIT
uri=$("$lv/libvirtd_sandbox.sh" start "$work/libvirtd")
port=$("$lv/loopback_sshd.sh" start "$work/sshd")
ssh_uri="qemu+ssh://$(id -un)@127.0.0.1:$port/system?socket=$work/libvirtd/run/libvirt-sock"
ssh_uri+="&keyfile=$work/sshd/id_ed25519&command=$work/sshd/ssh&no_tty=1&proxy=native"
fail() { echo "fleet e2e FAIL: $*"; exit 1; }

write_fleet() {  # write_fleet FILE CONCURRENCY HOSTS...: host specs "name|uri|kernel_line"
  local file=$1 concurrency=$2; shift 2
  { echo "concurrency: $concurrency"
    echo "image: $image"
    echo "scenarios: [$src/scenarios/default.yaml]"
    echo "hosts:"
    for spec in "$@"; do
      IFS='|' read -r name u line <<< "$spec"
      echo "  - name: $name"
      echo "    uri: '$u'"
      echo "    labels: {rack: loopback, kernel_line: $line}"
    done; } > "$file"
}
local_host="lab-local|$uri|a" ssh_host="lab-ssh|$ssh_uri|b"
gone_host="lab-gone|qemu+unix:///system?socket=$work/nobody.sock|a"
write_fleet "$work/fleet.yaml" 3 "$local_host" "$ssh_host" "$gone_host"

fleet() {  # fleet NAME DIR FILE: runs FILE into WORK/DIR; output, exit code, ms to WORK/NAME.*
  local code=0 t0 t1
  t0=$(date +%s%N)
  "$host" fleet "$3" --results "$work/$2" > "$work/$1.out" 2> "$work/$1.err" || code=$?
  t1=$(date +%s%N)
  echo "$code" > "$work/$1.code"
  echo "$(( (t1 - t0) / 1000000 ))" > "$work/$1.ms"
  cat "$work/$1.out"
  echo "fleet e2e: $1: exit $code in $(( (t1 - t0) / 1000000 )) ms"
}
fleet fleet fleet "$work/fleet.yaml"
cp "$work/fleet/lab-ssh/default/results.json" "$work/ssh-results-before.json"
cp "$work/fleet/fleet.json" "$work/first-fleet.json"
left=$(virsh -c "$uri" list --all --name | grep -c . || true)
[[ $left -eq 0 ]] || fail "$left domain(s) left on the libvirt host after the fleet"
# A rerun after one host's results are lost: only that host runs again.
rm -rf "$work/fleet/lab-local"
fleet rerun fleet "$work/fleet.yaml"
if [[ ${MEMATTR_FLEET_SEQUENTIAL:-0} == 1 ]]; then
  write_fleet "$work/sequential.yaml" 1 "$local_host" "$ssh_host"
  fleet sequential sequential "$work/sequential.yaml"
fi

python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def fail(msg):
    print("fleet e2e FAIL:", msg); sys.exit(1)
def load(path):
    return json.load(open(os.path.join(work, path)))
out = open(os.path.join(work, "fleet.out")).read()
first = {p["host"]: p for p in load("first-fleet.json")["pairs"]}
gone = first["lab-gone"]
if gone["exit_code"] != 2 or "cannot connect" not in gone["reason"]:
    fail(f"the unreachable host is not reported with its reason: {gone}")
if "no results from lab-gone: default: " not in out: fail("the summary does not name lab-gone")
if int(open(os.path.join(work, "fleet.code")).read()) != 2:
    fail("fleet exit is not 2 (the unreachable host is bad input, the most severe code here)")
verdicts = {}
for h in ("lab-local", "lab-ssh"):
    res = load(f"fleet/{h}/default/results.json")
    ctx = res["context"]
    if ctx.get("memattr.fleet_host") != h: fail(f"{h}: memattr.fleet_host is {ctx.get('memattr.fleet_host')}")
    if ctx.get("memattr.status") != "ok": fail(f"{h}: status {ctx.get('memattr.status')}")
    labels = res["memattr"]["labels"]
    if labels.get("rack") != "loopback": fail(f"{h}: host labels not recorded: {labels}")
    verdicts[h] = sorted((v["region"], v["attribute"], v["verdict"]) for v in res["memattr"]["verdicts"])
    if not verdicts[h]: fail(f"{h}: no verdicts")
if verdicts["lab-local"] != verdicts["lab-ssh"]:
    fail(f"the two hosts' verdicts differ: {verdicts}")
if not load("fleet/lab-ssh/default/results.json")["context"].get("memattr.libvirt_uri", "").startswith("qemu+ssh://"):
    fail("lab-ssh did not run over qemu+ssh://")
if "outlier hosts: none" not in out: fail("hosts with the same verdicts are named outliers")
summary = load("fleet/fleet-summary.json")
if sorted(summary["hosts"]) != ["lab-gone", "lab-local", "lab-ssh"]: fail(f"summary hosts {summary['hosts']}")
# The rerun: lab-local ran again, lab-ssh was left as it was, lab-gone was tried again.
pairs = {p["host"]: p for p in load("fleet/fleet.json")["pairs"]}
if not pairs["lab-ssh"]["earlier"] or pairs["lab-local"]["earlier"]:
    fail(f"the rerun did not keep lab-ssh and rerun lab-local: {pairs}")
if load("fleet/lab-ssh/default/results.json") != load("ssh-results-before.json"):
    fail("the rerun touched lab-ssh's finished results")
if "fleet: lab-ssh/default: started" in open(os.path.join(work, "rerun.err")).read():
    fail("the rerun started lab-ssh again")
if "fleet: lab-local/default: started" not in open(os.path.join(work, "rerun.err")).read():
    fail("the rerun did not start lab-local")
wall = int(open(os.path.join(work, "fleet.ms")).read()) / 1000
print(f"fleet of 2 hosts + 1 unreachable, concurrency 3: wall {wall:.1f} s")
for h, p in sorted(first.items()):
    print(f"  {h}: exit {p['exit_code']}, {p['seconds']:.1f} s")
print(f"rerun (lab-local only): wall {int(open(os.path.join(work, 'rerun.ms')).read()) / 1000:.1f} s")
seq = os.path.join(work, "sequential.ms")
if os.path.exists(seq):
    print(f"the same two hosts one after the other (concurrency 1): wall {int(open(seq).read()) / 1000:.1f} s")
print("fleet e2e OK: 2 hosts,", len(verdicts["lab-local"]), "verdicts each, same on both")
PY

# Two hosts of the fleet compared, and the fleet split by a host label (kernel_line a vs b): the
# same verdicts, and TCG timings are not gated, so both exit 0.
for args in "$work/fleet/lab-local/default $work/fleet/lab-ssh/default" "$work/fleet --group-by kernel_line"; do
  code=0
  # shellcheck disable=SC2086
  "$host" compare $args > "$work/compare.out" 2>&1 || code=$?
  tail -3 "$work/compare.out"
  [[ $code -eq 0 ]] || fail "compare $args: exit $code"
done
grep -q "kernel_line=b" "$work/compare.out" || fail "compare --group-by does not name its groups"
# The fleet's HTML report: every host a column of the verdict grid, the unreachable one named.
"$host" report "$work/fleet" || fail "report of the fleet directory: exit $?"
for h in lab-local lab-ssh lab-gone; do
  grep -q "<th>$h</th>" "$work/fleet/report.html" || fail "the fleet report has no column for $h"
done
grep -q "no results from <b>lab-gone</b>" "$work/fleet/report.html" || fail "the fleet report does not name lab-gone"

# The same fleet directory through serve and per-host node_exporters into Prometheus.
code=0
python3 "$src/../dashboards/tests/e2e_fleet_metrics_test.py" "$host" --fleet "$work/fleet" || code=$?
[[ $code -eq 77 ]] && echo "fleet e2e: metrics part skipped (no prometheus-node-exporter)" && exit 0
[[ $code -eq 0 ]] || fail "the fleet's metrics did not reach the dashboards per host"
echo "fleet e2e OK: both hosts on every dashboard, through serve and node_exporter"
