#!/usr/bin/env python3
"""A stand-in for qemu-system-aarch64 in supervisor tests: answers the capability probes,
serves the virtio-serial UNIX socket like QEMU (server=on) and plays a fake agent that honours
the manifest (including skip_cells), then misbehaves as FAKE_QEMU_MODE says:
  complete | die:CELL | panic:CELL | hang:CELL | kvmstop:CELL | kvmrefuse:CELL | kvmrefuse_pfnmap
  | silent | no_run_end | kill:CELL (SIGKILL itself) | stop:CELL (SIGSTOP itself) | badevent:CELL
  (sends {"seq":"x"} and goes on)
(kvmstop: QEMU's words when KVM stops the guest, on QEMU's stderr, then paused forever;
kvmrefuse: QEMU's words when KVM refuses a memslot, then it aborts; kvmrefuse_pfnmap: the same
at boot whenever a memory backend maps a host character device other than /dev/dax*, as a 7.x
KVM without FWB refuses a cacheable PFNMAP.)
CELL is region/attribute/probe, e.g. bar0/device-ngnre/unaligned_load_8. A guest restarted with
that cell in skip_cells passes it. Every line sent is also appended to FAKE_QEMU_SENT.
FAKE_QEMU_CHILD_PIDFILE: start a grandchild (sleep) in QEMU's process group, write its pid.
FAKE_QEMU_ACCELS: the accelerators `-accel help` lists (default "tcg"; e.g. "tcg kvm")."""
import fcntl, json, os, signal, socket, struct, subprocess, sys, termios, time

HELP = {
    "--version": "QEMU emulator version 10.0.2 (fake)\n",
    "-machine": "Supported machines are:\nvirt                 QEMU 10.0 ARM Virtual Machine\n",
    "-device": "".join('name "%s", bus PCI\n' % d for d in
                       ["ivshmem-plain", "nvdimm", "vfio-pci", "virtio-serial-pci", "virtserialport"]),
    "-accel": "Accelerators supported in QEMU binary:\n%s\n"
              % "\n".join(os.environ.get("FAKE_QEMU_ACCELS", "tcg").split()),
}


def option(argv, flag, prefix):
    for i, a in enumerate(argv[:-1]):
        if a == flag and argv[i + 1].startswith(prefix):
            return argv[i + 1]
    return None


def kv(opt):
    return dict(p.split("=", 1) for p in opt.split(",") if "=" in p)


def main(argv):
    if argv in (["--version"], ["-machine", "help"], ["-device", "help"], ["-accel", "help"]):
        sys.stdout.write(HELP[argv[0]])
        return 0
    sock_path = kv(option(argv, "-chardev", "socket"))["path"]
    console = open(option(argv, "-serial", "file:")[5:], "a", buffering=1)
    if option(argv, "-fw_cfg", "name=opt/memattr/scenario"):
        return fake_nested_host(argv, sock_path, console)
    manifest = json.load(open(kv(option(argv, "-fw_cfg", "name=opt/memattr/manifest"))["file"]))
    mode = os.environ.get("FAKE_QEMU_MODE", "complete")
    if os.environ.get("FAKE_QEMU_CHILD_PIDFILE"):
        child = subprocess.Popen(["sleep", "1000"])
        open(os.environ["FAKE_QEMU_CHILD_PIDFILE"], "w").write(str(child.pid))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(1)
    console.write("fake guest booting\n")
    if mode == "kvmrefuse_pfnmap" and any("mem-path=/dev/" in a and "mem-path=/dev/dax" not in a for a in argv):
        sys.stderr.write("qemu-system-aarch64: kvm_set_phys_mem: error registering slot: Invalid argument\n")
        sys.stderr.flush()
        os.abort()
    if mode == "silent":
        time.sleep(1000)
    conn, _ = server.accept()
    Agent(conn, console, manifest, mode).run()
    return 0


def wait_until_read(conn, limit_seconds=10.0):
    """Waits (bounded) until the host has read every byte sent on conn, as a real guest's data
    would have been read before it died: SIOCOUTQ (TIOCOUTQ) of a UNIX stream socket is the
    buffer space of data the peer has not consumed yet, 0 once it has read everything."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        unread = struct.unpack("i", fcntl.ioctl(conn.fileno(), termios.TIOCOUTQ, b"\0" * 4))[0]
        if unread == 0:
            return
        time.sleep(0.01)
    sys.stderr.write("fake_qemu: the host left sent bytes unread for %.0f s\n" % limit_seconds)


def fake_nested_host(argv, sock_path, console):
    """An emulated host (L1) of a nested run: relays what its memattr-host would — a host event,
    L2's events, results.json snapshots — and ends with nested_run_end. The L1 kernel series
    comes from the -kernel path (host-image-SERIES/vmlinuz); FAKE_L1_MODE=silent never connects."""
    series = os.path.basename(os.path.dirname(option(argv, "-kernel", "")))[len("host-image-"):]
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(1)
    console.write("fake L1 %s booting\n" % series)
    if os.environ.get("FAKE_L1_MODE") == "silent":
        time.sleep(1000)
    conn, _ = server.accept()
    degraded = series == "6.12"  # before cacheable PFNMAP
    verdict = dict(region="daxbar", attribute="normal-wb", inferred="device" if degraded else "normal-wb",
                   expected="device" if degraded else "normal-wb",
                   verdict="degraded" if degraded else "as-expected", evidence=[], unobservable=[])
    results = {"context": {"memattr.scenario": "nested", "memattr.arch": "aarch64", "memattr.accel": "kvm",
                           "memattr.host_kernel": series + ".0-fake", "memattr.cacheable_pfnmap_cap":
                           "0" if degraded else "1", "memattr.status": "ok"},
               "benchmarks": [],
               "memattr": {"schema": "memattr.results/1", "regions": [], "probes": [], "failures": [],
                           "verdicts": [verdict]}}
    lines = [dict(event="guest_start", boot=1, source="host"),
             dict(schema="memattr.events/1", event="verdict", seq=0, **verdict),
             dict(event="nested_results", results=results),
             dict(event="nested_run_end", exit_code=1 if degraded else 0)]
    for line in lines:
        conn.sendall((json.dumps(line, separators=(",", ":")) + "\n").encode())  # as nlohmann dumps
    wait_until_read(conn)
    conn.close()
    return 0


class Agent:
    def __init__(self, conn, console, manifest, mode):
        self.conn, self.console, self.m, self.mode, self.seq = conn, console, manifest, mode, 0
        self.sent = open(os.environ["FAKE_QEMU_SENT"], "a") if os.environ.get("FAKE_QEMU_SENT") else None
        self.skip = {(c["region"], c["attribute"], c.get("kernel", ""), c.get("probe", ""),
                      c.get("threads", 0)) for c in manifest.get("skip_cells", [])}

    def emit(self, kind, **fields):
        event = dict(schema="memattr.events/1", event=kind, seq=self.seq, time=time.time(), **fields)
        self.seq += 1
        line = json.dumps(event) + "\n"
        self.conn.sendall(line.encode())
        if self.sent:
            self.sent.write(line)
            self.sent.flush()

    def misbehave(self, cell):
        action, _, target = self.mode.partition(":")
        if target != cell:
            return
        wait_until_read(self.conn)
        if action == "die":
            sys.stderr.write("qemu-system-aarch64: fake: the guest died\n\n")
            sys.stderr.flush()
            os._exit(1)
        if action == "panic":
            self.console.write("[   12.345678] Kernel panic - not syncing: Asynchronous SError Interrupt\n")
            time.sleep(1000)
        if action == "hang":
            time.sleep(1000)
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if action == "stop":
            os.kill(os.getpid(), signal.SIGSTOP)
        if action == "badevent":
            line = '{"schema":"memattr.events/1","event":"probe_outcome","seq":"x"}\n'
            self.conn.sendall(line.encode())
            if self.sent:
                self.sent.write(line)
                self.sent.flush()
        if action == "kvmstop":
            sys.stderr.write("error: kvm run failed Bad address\n")
            sys.stderr.flush()
            time.sleep(1000)
        if action == "kvmrefuse":
            sys.stderr.write("qemu-system-aarch64: kvm_set_phys_mem: error registering slot: Invalid argument\n")
            sys.stderr.flush()
            os.abort()

    def run(self):
        attrs = self.m.get("attributes", ["normal-wb", "device-ngnre"])
        probes = self.m.get("probes", ["unaligned_load_8"])
        self.emit("run_start", facts={"arch": "aarch64", "accel": "tcg"}, labels=self.m.get("labels", {}))
        for r in self.m["regions"]:
            self.emit("region_found", region={"name": r["name"], "kind": r["kind"]})
        for r in self.m["regions"]:
            for a in attrs:
                self.cell(r["name"], a, probes)
        for r in self.m["regions"]:
            for a in attrs:
                device = a.startswith("device")
                self.emit("verdict", region=r["name"], attribute=a, inferred="device" if device else "normal-wb",
                          expected="device" if device else "normal-wb", verdict="as-expected", evidence=[],
                          unobservable=[])
        if self.mode != "no_run_end":
            self.emit("run_end", status="ok", reason="", counts={})
        wait_until_read(self.conn)
        self.conn.close()

    def cell(self, region, attr, probes):
        for p in probes:
            if (region, attr, "", p, 0) in self.skip:
                continue
            self.emit("probe_begin", region=region, attribute=attr, probe=p)
            self.misbehave("%s/%s/%s" % (region, attr, p))
            kind = "fault" if attr.startswith("device") else "ok"
            self.emit("probe_outcome", region=region, attribute=attr, probe=p, outcome={"kind": kind})
        if (region, attr, "stream_copy", "", 1) in self.skip:
            return
        self.emit("measurement_begin", region=region, attribute=attr, kernel="stream_copy", threads=1)
        name = "stream_copy/region:%s/attr:%s/threads:1" % (region, attr)
        self.emit("measurement", region=region, attribute=attr, kernel="stream_copy", threads=1,
                  run={"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1,
                       "repetition_index": 0, "threads": 1, "iterations": 100, "real_time": 1000.0,
                       "cpu_time": 990.0, "time_unit": "ns", "bytes_per_second": 1.0e9})
        self.emit("measurement_end", region=region, attribute=attr, kernel="stream_copy", threads=1,
                  ns_per_iteration=1000.0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
