#!/usr/bin/env python3
"""`memattr-host push` to a loopback server that accepts the connection and never answers must
end on its own: --push-timeout 1 per attempt, 3 attempts 1 s then 2 s apart (about 6 s), non-zero,
saying it timed out and after how many attempts; the results directory is left unchanged.
  push_silent_server_test.py MEMATTR_HOST RESULTS_DIR"""
import hashlib, socket, subprocess, sys, time

host, results = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", 0))
server.listen(8)  # the kernel accepts connections; nobody ever reads or answers
port = server.getsockname()[1]
before = hashlib.sha256(open(results + "/results.json", "rb").read()).hexdigest()
start = time.monotonic()
try:
    run = subprocess.run([host, "push", results, "--pushgateway", "http://127.0.0.1:%d" % port,
                          "--push-timeout", "1"], capture_output=True, text=True, timeout=45)
finally:
    server.close()
seconds = time.monotonic() - start
print(run.stdout + run.stderr)
print("push ended after %.1f s with exit %d" % (seconds, run.returncode))
ok = (run.returncode != 0 and "timed out: no answer within 1 s" in run.stderr
      and "(3 attempts)" in run.stderr and 5 <= seconds < 30
      and hashlib.sha256(open(results + "/results.json", "rb").read()).hexdigest() == before)
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
