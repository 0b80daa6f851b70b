"""The rendered round report in a real browser, with the network off.

Headless Chromium loads ``results/report/2014-15.html`` of a full pipeline build
(fixture ``pipeline_build``, tests/integration/conftest.py). The network is cut
by a dead proxy and a host resolver that resolves nothing, so any request that
leaves the machine fails. A copy of the page gets a small script first in its
``<head>`` that records every resource that fails to load (error events, capture
phase) and, on load, whether each image decoded (``complete`` and
``naturalWidth > 0``); it writes the results into the DOM, which ``--dump-dom``
prints. A screenshot of the original page is taken too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ROUND = "2014-15"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
requires_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")

CHECK_SCRIPT = """<script>
(function () {
  var failed = [];
  window.addEventListener("error", function (event) {
    var t = event.target || {};
    if (t !== window) failed.push((t.tagName || "?") + " " + (t.src || t.href || ""));
  }, true);
  window.addEventListener("load", function () {
    var images = Array.prototype.slice.call(document.images).map(function (img) {
      return {alt: img.alt, complete: img.complete, width: img.naturalWidth,
              height: img.naturalHeight, data: img.src.slice(0, 5) === "data:"};
    });
    var resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
    var out = document.createElement("pre");
    out.id = "report-check";
    out.textContent = JSON.stringify({failed: failed, images: images, resources: resources,
                                      title: document.title});
    document.body.appendChild(out);
  });
})();
</script>"""


def chromium(profile: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}",
        # Network off: every proxied request goes to a closed port, every name fails.
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr", "--v=0", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def report_html(pipeline_build: Path) -> Path:
    path = pipeline_build / "results" / "report" / f"{ROUND}.html"
    assert path.exists(), f"the build made no {path}"
    return path


@requires_chromium
def test_report_loads_offline_with_every_image_shown(report_html, tmp_path):
    page = report_html.read_text(encoding="utf-8")
    checked = tmp_path / "checked.html"
    checked.write_text(re.sub(r"<head>", "<head>" + CHECK_SCRIPT, page, count=1), encoding="utf-8")
    result = chromium(tmp_path / "profile", "--virtual-time-budget=15000", "--dump-dom",
                      checked.as_uri())
    match = re.search(r'<pre id="report-check">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, f"no check results in the dumped DOM; stderr:\n{result.stderr[-3000:]}"
    checks = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&")
                        .replace("&lt;", "<").replace("&gt;", ">"))
    assert checks["failed"] == [], checks["failed"]
    assert checks["title"].startswith(f"Round {ROUND}")
    assert len(checks["images"]) >= 4
    for image in checks["images"]:
        assert image["data"] and image["complete"] and image["width"] > 0 and image["height"] > 0, image
    external = [name for name in checks["resources"] if not name.startswith(("data:", "file:"))]
    assert external == [], external
    for line in result.stderr.splitlines():
        assert "Failed to load resource" not in line and "net::ERR" not in line, line


@requires_chromium
def test_report_screenshot(report_html, tmp_path):
    shot = report_html.with_suffix(".png")
    result = chromium(tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,4000",
                      f"--screenshot={shot}", report_html.as_uri())
    assert shot.exists(), result.stderr[-3000:]
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1280, 4000)
        grey = image.convert("L")
        # Not a blank page: plenty of dark (text) pixels in the first screen.
        dark = sum(grey.crop((0, 0, 1280, 1000)).histogram()[:128])
        assert dark > 5000
    for line in result.stderr.splitlines():
        assert "net::ERR" not in line, line
