#!/usr/bin/python3
"""memattr-host report, end to end: the HTML renders in headless Chromium (no network, no
console errors) with its verdict table and charts, a screenshot is saved, and the JUnit XML
validates against tests/report/junit.xsd with xmllint. Chart labels must not run into their
bars: a copy of the report with a measuring script added is rendered, and every label's real
width (getComputedTextLength) must end kLabelGap before the bars and stay below the estimate
(kCharWidth per character, svg_bar_chart.h) that the chart sizes its label column with.

Usage: report_render_test.py MEMATTR_HOST RUN_DIR BASELINE_DIR OUTPUT_DIR
  RUN_DIR must differ from BASELINE_DIR in a verdict (the baseline-changes table).
"""
import json, os, re, shutil, subprocess, sys, tempfile

MEASURE = """<script>
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const bar = svg.querySelector('rect.bar');
  for (const t of svg.querySelectorAll('text.label'))
    out.push({label: t.lastChild.textContent, chars: [...t.lastChild.textContent].length,
              width: t.getComputedTextLength(), bars_x: bar ? +bar.getAttribute('x') : null});
}
const pre = document.createElement('pre');
pre.id = 'label-fit';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def chart_constants():
    header = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "../../src/report/svg_bar_chart.h")).read()
    value = lambda name: float(re.search(name + r" = ([0-9.]+);", header).group(1))
    return value("kCharWidth"), value("kLabelGap")

host, run_dir, baseline_dir, out_dir = sys.argv[1:5]
os.makedirs(out_dir, exist_ok=True)
html = os.path.join(out_dir, "report.html")
junit = os.path.join(out_dir, "report-junit.xml")
subprocess.run([host, "report", run_dir, "--baseline", baseline_dir, "--output", html,
                "--junit", junit], check=True)
with open(os.path.join(run_dir, "results.json")) as f:
    verdicts = len(json.load(f)["memattr"]["verdicts"])

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
    measure_html = os.path.join(out_dir, "report-measure.html")
    with open(measure_html, "w") as f:
        f.write(open(html).read().replace("</body>", MEASURE + "</body>"))
    measured = subprocess.run([chromium, *flags, "--user-data-dir=" + profile, "--dump-dom",
                               "file://" + os.path.abspath(measure_html)],
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
assert rows == 1 + verdicts, "verdict table has %d rows, want 1 header + %d" % (rows, verdicts)
assert os.path.getsize(shot) > 10000, "screenshot too small"

char_width, gap = chart_constants()
fit = json.loads(re.search(r'<pre id="label-fit">(.*?)</pre>', measured.stdout, re.S).group(1)
                 .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
# The baseline holds the same recorded timings: its change chart has no bar (every change is
# 0 %), so no label there can run into one; every other chart's labels are measured.
fit = [l for l in fit if l["bars_x"] is not None]
assert len(fit) >= 18, "measured only %d chart labels next to bars" % len(fit)
for l in fit:
    assert l["width"] + gap <= l["bars_x"], "label runs into its bars: %s" % l
    assert l["width"] <= l["chars"] * char_width, "wider than the chart's estimate: %s" % l
widest = max(fit, key=lambda l: l["width"] / max(l["chars"], 1))
print("labels: %d fit their column; widest %.2f px/char (estimate %.1f)" %
      (len(fit), widest["width"] / widest["chars"], char_width))
print("rendered: verdict table, probe matrix, %d charts; screenshot %s" %
      (dom.stdout.count("<svg class=\"chart\""), shot))
