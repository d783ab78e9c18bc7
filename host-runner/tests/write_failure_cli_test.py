#!/usr/bin/env python3
"""Issue 16, class 7, through the command line: a results directory on a full filesystem (a
1 MiB tmpfs, nearly filled, in a private mount namespace) makes `memattr-host run` exit 74 naming
the file and the errno, and nothing is exported after it: no Pushgateway request (a loopback
stand-in records every request), no OpenMetrics file. The same for the main job
(host-runner/tools/main_job.sh), whose export steps (local stack push, report) must not run.
The fake QEMU (tests/fake_qemu.py) runs the guest to its end, so the results exist in memory and
only the last write of results.json fails.
Usage: write_failure_cli_test.py MEMATTR_HOST SOURCE_DIR SCRATCH_DIR   (root: exit 77 otherwise)
"""
import http.server
import os
import shutil
import subprocess
import sys
import threading

HOST, SRC, SCRATCH = sys.argv[1:4]
FAKE_QEMU = os.path.join(SRC, "host-runner/tests/fake_qemu.py")
# Free space left on the 1 MiB tmpfs: the guest's events fit, the final results.json does not
# (measured: 16 KiB fails at boot, 20-28 KiB at the final results.json, 32 KiB fits).
FREE_BYTES = 24 * 1024


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


if os.geteuid() != 0:
    print("SKIP: needs root to mount a tmpfs")
    sys.exit(77)
if os.environ.get("MEMATTR_IN_MOUNT_NS") != "1":  # the tmpfs mounts stay in a private namespace
    env = dict(os.environ, MEMATTR_IN_MOUNT_NS="1")
    sys.exit(subprocess.call(["unshare", "--mount", "--propagation", "private",
                              sys.executable] + sys.argv, env=env))


class Recorder(http.server.BaseHTTPRequestHandler):
    """A Pushgateway stand-in: answers 200 to anything and remembers the request line."""
    requests = []

    def handle_one_request(self):
        super().handle_one_request()
        if self.requestline:
            Recorder.requests.append(self.requestline)

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.end_headers()

    do_POST = do_PUT

    def log_message(self, *args):
        pass


def full_results_dir(where):
    os.makedirs(where)
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", where])
    with open(os.path.join(where, "filler"), "wb") as f:
        f.write(b"x" * ((1 << 20) - FREE_BYTES))
    return os.path.join(where, "run")


def check_stopped(name, code, err, results):
    print("%s: exit %d\n%s" % (name, code, err))
    if code != 74:
        fail("%s exited %d, want 74 (results not written)" % (name, code))
    if "results not written: " + results + "/" not in err:
        fail("%s: the error does not name the file under %s" % (name, results))
    if "No space left on device (errno 28)" not in err:
        fail("%s: the error does not give the errno" % name)
    if Recorder.requests:
        fail("%s: pushed after the failed write: %s" % (name, Recorder.requests))


shutil.rmtree(SCRATCH, ignore_errors=True)
image = os.path.join(SCRATCH, "image")
os.makedirs(image)
env_lines = ["KERNEL_RELEASE=6.12.0-fake"]
for key, name in (("KERNEL", "vmlinuz"), ("INITRD", "initrd.img"), ("FIRMWARE", "QEMU_EFI.fd")):
    open(os.path.join(image, name), "w").write("x")
    env_lines.append("%s=%s" % (key, os.path.join(image, name)))
open(os.path.join(image, "image.env"), "w").write("\n".join(env_lines) + "\n")
scenario = os.path.join(SCRATCH, "ram.yaml")
open(scenario, "w").write("name: fake\naccel: tcg\nregions:\n  - {kind: ram, name: ram}\n")
os.environ["FAKE_QEMU_MODE"] = "complete"
os.environ["FAKE_QEMU_SENT"] = os.path.join(SCRATCH, "sent.jsonl")

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
threading.Thread(target=server.serve_forever, daemon=True).start()
pushgateway = "http://127.0.0.1:%d" % server.server_address[1]
try:
    # 1. memattr-host run with both exports asked for.
    results = full_results_dir(os.path.join(SCRATCH, "full1"))
    openmetrics = os.path.join(SCRATCH, "run.om")
    p = subprocess.run([HOST, "run", scenario, "--results", results, "--image", image,
                        "--qemu", FAKE_QEMU, "--openmetrics", openmetrics,
                        "--pushgateway", pushgateway],
                       capture_output=True, text=True, timeout=120)
    check_stopped("memattr-host run", p.returncode, p.stderr, results)
    if os.path.exists(openmetrics):
        fail("memattr-host run wrote %s after the failed write" % openmetrics)

    # 2. The main job: memattr-host through a wrapper that keeps the image and QEMU fake and
    # records every call, so an export step (push, report) after the failure would show.
    calls = os.path.join(SCRATCH, "calls.log")
    wrapper = os.path.join(SCRATCH, "memattr-host")
    open(wrapper, "w").write("""#!/bin/bash
echo "$*" >> %(calls)s
[[ $1 == run ]] || exit 0  # image build, push, report: recorded only
shift; args=()
while (($#)); do  # main_job.sh's own image and OpenMetrics paths point into the source tree
  case $1 in --image|--openmetrics) shift 2 ;; *) args+=("$1"); shift ;; esac
done
exec %(host)s run "${args[@]}" --image %(image)s --qemu %(qemu)s --openmetrics %(om)s
""" % {"calls": calls, "host": HOST, "image": image, "qemu": FAKE_QEMU,
       "om": os.path.join(SCRATCH, "main_job.om")})
    os.chmod(wrapper, 0o755)
    results = full_results_dir(os.path.join(SCRATCH, "full2"))
    stack = os.path.join(SCRATCH, "stack")
    env = dict(os.environ, MEMATTR_HOST=wrapper, MEMATTR_RESULTS=results,
               MEMATTR_PUSHGATEWAY=pushgateway, MEMATTR_STACK_DIR=stack,
               PROMETHEUS_PORT="1", PUSHGATEWAY_PORT="1")
    p = subprocess.run([os.path.join(SRC, "host-runner/tools/main_job.sh")], env=env,
                       capture_output=True, text=True, timeout=120)
    check_stopped("main_job.sh", p.returncode, p.stderr, results)
    later = [c for c in open(calls).read().splitlines() if not c.startswith(("image ", "run "))]
    if later:
        fail("main_job.sh went on after the failed write: %s" % later)
    if os.path.exists(stack):
        fail("main_job.sh started the local stack after the failed write")
    print("OK: both stopped at the failed write, nothing exported")
finally:
    server.shutdown()
    # Were the local stack started anyway (the failure this test exists for), stop what it spawned.
    stack = os.path.join(SCRATCH, "stack")
    for name in ("prometheus.pid", "pushgateway.pid"):
        if os.path.exists(os.path.join(stack, name)):
            subprocess.call(["kill", open(os.path.join(stack, name)).read().strip()])
