#!/usr/bin/env bash
# e2e (labels e2e, libvirt): the default scenario through a real libvirtd (started here, in its own
# mount namespace, sockets under WORK), locally and over qemu+ssh://127.0.0.1 (an sshd on loopback
# with a key made here), and through the direct launcher; the verdicts must match.
#   libvirt_e2e.sh MEMATTR_HOST IMAGE_DIR WORK
# Prints both launchers' boot and run times side by side. Skips (77) without an image with the
# agent, or when not root (the test libvirtd runs qemu:///system).
set -euo pipefail
host=$1 image=$2 work=$3
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
[[ -f $image/image.env ]] || { echo "libvirt e2e: no image in $image (memattr-host image build)"; exit 77; }
grep -q '^AGENT=/' "$image/image.env" || { echo "libvirt e2e: image $image has no memattr-agent"; exit 77; }
[[ $(id -u) -eq 0 ]] || { echo "libvirt e2e: needs root for its qemu:///system libvirtd"; exit 77; }
rm -rf "$work"; mkdir -p "$work"
sandbox=$here/libvirtd_sandbox.sh sshd=$here/loopback_sshd.sh
trap '"$sshd" stop "$work/sshd"; "$sandbox" stop "$work/libvirtd"' EXIT
uri=$("$sandbox" start "$work/libvirtd")
port=$("$sshd" start "$work/sshd")
# The remote path: libvirt's RPC over ssh (virt-ssh-helper on the far side), this sshd's key only.
ssh_uri="qemu+ssh://$(id -un)@127.0.0.1:$port/system?socket=$work/libvirtd/run/libvirt-sock"
ssh_uri+="&keyfile=$work/sshd/id_ed25519&command=$work/sshd/ssh&no_tty=1&proxy=native"
scenario=$src/scenarios/default.yaml

run() {  # run NAME [ARGS...]: records exit code and wall time in WORK/NAME.{code,ms}
  local name=$1; shift
  local t0 t1 code=0
  t0=$(date +%s%N)
  "$host" run "$scenario" --results "$work/$name" --image "$image" "$@" || code=$?
  t1=$(date +%s%N)
  echo "$code" > "$work/$name.code"
  echo "$(( (t1 - t0) / 1000000 ))" > "$work/$name.ms"
  echo "libvirt e2e: $name launcher exit $code"
}
run libvirt --connect "$uri"
run libvirt-ssh --connect "$ssh_uri"
# A boot timeout through libvirt: exit 124, recorded, and the domain destroyed.
sed 's/^boot_timeout: .*/boot_timeout: 3s/' "$scenario" > "$work/boot-timeout.yaml"
code=0; "$host" run "$work/boot-timeout.yaml" --results "$work/timeout" --image "$image" \
  --connect "$uri" > "$work/timeout.out" 2>&1 || code=$?
echo "libvirt e2e: 3 s boot timeout through libvirt: exit $code"
[[ $code -eq 124 ]] || { cat "$work/timeout.out"; echo "libvirt e2e FAIL: boot timeout exit $code, want 124"; exit 1; }
grep -q "destroyed by memattr-host" "$work/timeout/qemu-1.log" ||
  { echo "libvirt e2e FAIL: the timed-out domain was not destroyed"; exit 1; }
# A libvirt too old for a piece (firmware: none needs 11.3), the daemon's version set by the test
# hook: exit 2 naming the piece and both versions; no results directory; no domain (below).
printf 'name: too-old\nfirmware: none\nregions: [{kind: ram}]\ntest_hooks: {libvirt_version: 9000000}\n' \
  > "$work/too-old.yaml"
code=0; "$host" run "$work/too-old.yaml" --results "$work/too-old" --image "$image" \
  --connect "$uri" > "$work/too-old.out" 2>&1 || code=$?
echo "libvirt e2e: libvirt too old: exit $code: $(cat "$work/too-old.out")"
[[ $code -eq 2 ]] || { echo "libvirt e2e FAIL: too old libvirt: exit $code, want 2"; exit 1; }
grep -q "libvirt 9.0.0 is too old for firmware: none (.*too-old.yaml): it needs 11.3.0" \
  "$work/too-old.out" || { echo "libvirt e2e FAIL: the refusal does not name the piece"; exit 1; }
[[ ! -e $work/too-old ]] || { echo "libvirt e2e FAIL: too old libvirt: results written"; exit 1; }
left=$(virsh -c "$uri" list --all --name | grep -c . || true)
run direct

python3 - "$work" "$left" <<'PY'
import json, sys
work, left = sys.argv[1], int(sys.argv[2])
def fail(msg):
    print("libvirt e2e FAIL:", msg); sys.exit(1)
runs = {}
for name in ("direct", "libvirt", "libvirt-ssh"):
    res = json.load(open(f"{work}/{name}/results.json"))
    events = [json.loads(l) for l in open(f"{work}/{name}/events.jsonl")]
    runs[name] = dict(res=res, events=events, code=int(open(f"{work}/{name}.code").read()),
                      wall=int(open(f"{work}/{name}.ms").read()) / 1000)
    if not any(e.get("event") == "run_end" and e.get("source") != "host" for e in events):
        fail(f"{name}: no run_end from the guest")
d = runs["direct"]
for name in ("libvirt", "libvirt-ssh"):
    ctx = runs[name]["res"]["context"]
    if ctx.get("memattr.launcher") != "libvirt": fail(f"{name} does not record its launcher")
    if ctx.get("memattr.libvirt_tainted") != "yes": fail(f"{name}: the taint is not recorded")
    if not any("bar0" in p for p in ctx.get("memattr.libvirt_qemu_commandline", "").split("; ")):
        fail(f"{name}: bar0's <qemu:commandline> piece is not listed")
    if ctx.get("memattr.qemu_version") != d["res"]["context"].get("memattr.qemu_version"):
        fail(f"{name}: QEMU version from libvirt differs from the direct run's")
    if "Linux version" not in open(f"{work}/{name}/console-1.log", errors="replace").read():
        fail(f"{name}: the console stream did not reach console-1.log")
# QEMU's VmFlags of each backing file, through libvirt's pid file (over ssh for libvirt-ssh):
# the same as the direct launcher reads from the QEMU it spawns (keys: each run's own path), but
# for dd: libvirt's default dump_guest_core = 0 has QEMU madvise(MADV_DONTDUMP) guest memory.
def vmflags(name):
    flags = json.loads(runs[name]["res"]["context"].get("memattr.backing_vmflags", "{}"))
    return {k.rsplit("/", 1)[-1]: " ".join(f for f in v.split() if f != "dd")
            for k, v in flags.items()}
direct_flags = vmflags("direct")
if not direct_flags or "error" in direct_flags: fail("direct run: no VmFlags: %s" % direct_flags)
for name in ("libvirt", "libvirt-ssh"):
    got = vmflags(name)
    if not got or "error" in got: fail(f"{name}: no VmFlags of QEMU's backings: {got}")
    for f, flags in got.items():
        if direct_flags.get(f) != flags:
            fail(f"{name}: VmFlags of {f} {flags!r}, direct {direct_flags.get(f)!r}")
    print(f"{name}: VmFlags through libvirt: {got}")
ssh_ctx = runs["libvirt-ssh"]["res"]["context"]
if not ssh_ctx.get("memattr.libvirt_uri", "").startswith("qemu+ssh://"):
    fail("the ssh run does not record its qemu+ssh URI")
# Read over ssh (the probe), never from this machine: here both are this machine's kernel.
if ssh_ctx.get("memattr.host_kernel") != d["res"]["context"].get("memattr.host_kernel"):
    fail("the ssh run's host kernel is not the host's: %s" % ssh_ctx.get("memattr.host_kernel"))
if not ssh_ctx.get("memattr.cacheable_pfnmap_cap", "").startswith("unavailable: remote libvirt host"):
    fail("the ssh run took KVM cap 243 from this machine")
if left != 0: fail(f"{left} domain(s) left on the libvirt host after the run")
def verdicts(run):
    return sorted((v["region"], v["attribute"], v["inferred"], v["verdict"])
                  for v in run["res"]["memattr"]["verdicts"])
vd = verdicts(d)
if not vd: fail("direct run has no verdicts")
for name in ("libvirt", "libvirt-ssh"):
    l = runs[name]
    vl = verdicts(l)
    if vd != vl:
        fail("%s: verdicts differ:\n  direct only: %s\n  %s only: %s" %
             (name, sorted(set(vd) - set(vl)), name, sorted(set(vl) - set(vd))))
    if d["code"] != l["code"]: fail(f"exit codes differ: direct {d['code']}, {name} {l['code']}")
print("launcher     boot-1-to-first-event-s  boot-1-s  run-s  wall-s  verdicts")
for name, r in runs.items():
    c = r["res"]["context"]
    print(f"{name:11}  {c.get('memattr.boot1_first_event_seconds', -1):24.1f}  "
          f"{c.get('memattr.boot1_seconds', 0):8.1f}  "
          f"{c.get('memattr.duration_seconds', 0):5.1f}  {r['wall']:6.1f}  {len(verdicts(r))}")
print("libvirt e2e OK: same", len(vd), "verdicts; exit", d["code"])
PY
