#!/usr/bin/python3
"""memattr-host report, end to end: the HTML renders in headless Chromium (no network, no
console errors) with its verdict table and charts, a screenshot is saved, and the JUnit XML
validates against tests/report/junit.xsd with xmllint.

Usage: report_render_test.py MEMATTR_HOST TESTDATA_DIR OUTPUT_DIR
"""
import os, re, shutil, subprocess, sys, tempfile

host, testdata, out_dir = sys.argv[1:4]
os.makedirs(out_dir, exist_ok=True)
html = os.path.join(out_dir, "report.html")
junit = os.path.join(out_dir, "report-junit.xml")
subprocess.run([host, "report", os.path.join(testdata, "run-b"), "--baseline",
                os.path.join(testdata, "run-a"), "--output", html, "--junit", junit], check=True)

subprocess.run(["xmllint", "--noout", "--schema",
                os.path.join(os.path.dirname(os.path.abspath(__file__)), "junit.xsd"), junit],
               check=True)
print("junit: valid against junit.xsd")

chromium = shutil.which("chromium") or "/usr/bin/chromium"
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--window-size=1400,2400"]
with tempfile.TemporaryDirectory() as profile:
    url = "file://" + os.path.abspath(html)
    dom = subprocess.run([chromium, *flags, "--user-data-dir=" + profile, "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    shot = os.path.join(out_dir, "report.png")
    subprocess.run([chromium, *flags, "--user-data-dir=" + profile, "--screenshot=" + shot, url],
                   capture_output=True, text=True, timeout=120, check=True)
console = [l for l in dom.stderr.splitlines() if "CONSOLE" in l]
assert not console, "console messages: %s" % console
assert dom.returncode == 0, dom.stderr[-2000:]
for needle in ("<table id=\"verdicts\">", "<table id=\"probe-matrix\">",
               "<table id=\"baseline-changes\">", "<svg class=\"chart\""):
    assert needle in dom.stdout, "rendered page lacks %s" % needle
rows = len(re.findall(r"<tr>", dom.stdout.split("id=\"verdicts\"")[1].split("</table>")[0]))
assert rows == 7, "verdict table has %d rows, want 1 header + 6" % rows
assert os.path.getsize(shot) > 10000, "screenshot too small"
print("rendered: verdict table, probe matrix, %d charts; screenshot %s" %
      (dom.stdout.count("<svg class=\"chart\""), shot))
