"""The exported notebook in a real browser (issue 20 item 7): nbconvert's HTML export of an
executed notebook, MathJax from Debian's ``libjs-mathjax`` (no network: the page may not
resolve any host), opened in headless Chromium; the rendered DOM comes back parsed.

A small script added to the page records, once MathJax has finished, how far each formula
in a table cell reaches out of its cell (``data-overflow`` in CSS pixels, 0 when inside;
1000 when the formula was broken over lines), the width of every decoded image
(``data-natural-width``: 0 if the browser could not draw it) and marks
``<body data-mathjax="done">``.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import latex_is_required

#: Debian's MathJax 2 (package libjs-mathjax), the version nbconvert's template expects
MATHJAX = Path("/usr/share/javascript/mathjax/MathJax.js")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: seconds of wall time for Chromium (virtual time lets MathJax finish much sooner)
TIMEOUT = 240

PROBE = """<script>
MathJax.Hub.Register.StartupHook("End", function () {
  document.querySelectorAll("td, th").forEach(function (cell) {
    var box = cell.getBoundingClientRect(), worst = 0;
    cell.querySelectorAll(".mjx-chtml").forEach(function (m) {
      var r = m.getBoundingClientRect();
      worst = Math.max(worst, r.right - box.right, box.left - r.left);
      if (m.getClientRects().length > 1) { worst = 1000; }
    });
    cell.setAttribute("data-overflow", worst.toFixed(1));
  });
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-natural-width", img.naturalWidth);
  });
  document.body.setAttribute("data-mathjax", "done");
});
</script>
"""


def _need(what: str):
    if latex_is_required():
        pytest.fail(f"{what} (required: CI=true; .ci/setup installs chromium and libjs-mathjax)",
                    pytrace=False)
    pytest.skip(what)


def render_dom(nb, workdir: Path):
    """The DOM of the executed notebook ``nb`` after Chromium rendered it (BeautifulSoup)."""
    browser = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if browser is None:
        _need("no Chromium (Debian package chromium)")
    if not MATHJAX.is_file():
        _need(f"no MathJax at {MATHJAX} (Debian package libjs-mathjax)")
    try:
        from bs4 import BeautifulSoup
        from nbconvert import HTMLExporter
    except ImportError:
        _need("nbconvert (with beautifulsoup4) is not installed (the test extra)")
    exporter = HTMLExporter(mathjax_url=f"{MATHJAX.as_uri()}?config=TeX-AMS_CHTML-full,Safe")
    body, _ = exporter.from_notebook_node(nb)
    assert MATHJAX.as_uri() in body and body.count("</body>") == 1
    page = workdir / "notebook.html"
    page.write_text(body.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", f"--user-data-dir={workdir / 'profile'}",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: every host is unknown
           "--allow-file-access-from-files", "--window-size=900,2000",
           "--virtual-time-budget=60000", "--dump-dom", page.as_uri()]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    dom = done.stdout.decode("utf-8", errors="replace")
    assert done.returncode == 0 and "<body" in dom, done.stderr.decode("utf-8", errors="replace")[-2000:]
    return BeautifulSoup(dom, "html.parser")
