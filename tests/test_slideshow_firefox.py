"""The ceremony's slideshow in Firefox, as the hall's computer may have it: the USB copy opened from the file
system in the system's firefox-esr (driven by puppeteer-core over WebDriver BiDi, `tests/firefox_slideshow.mjs`),
keys through every slide, every picture and the font loaded, the presenter's window in step, and no request to
any server. Chromium (and so Edge, which shares its engine) is tested in `test_slideshow_browser.py`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox") or "/usr/bin/firefox-esr"
DRIVER = REPO / "tests" / "firefox_slideshow.mjs"
ARTIFACTS = Path(os.environ.get("VINHDANH_ARTIFACTS", REPO / "artifacts")) / "quality"

# Like tests.helpers.BROWSER: CI installs Firefox (`make browser`), so there a missing one fails.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300),
              pytest.mark.skipif(not Path(FIREFOX).exists() and not os.environ.get("CI"), reason="no firefox")]


def test_the_usb_copy_runs_in_firefox_with_every_picture_and_no_server(sample_site, tmp_path):
    site, _ = sample_site
    with zipfile.ZipFile(site / "hoi-nghi/trinh-chieu.zip") as archive:
        archive.extractall(tmp_path)
    page = tmp_path / "trinh-chieu/index.html"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "trinh-chieu-firefox-1920.png"
    run = subprocess.run(["node", str(DRIVER), FIREFOX, page.as_uri(), str(screenshot)], cwd=REPO,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])

    total = seen["total"]
    assert total >= 10
    assert seen["seen"] == [f"trang-{number}" for number in range(1, total + 1)]
    assert seen["home"] == "trang-1" and seen["afterReload"] == "trang-2"
    assert seen["lastName"] and seen["presenterNow"] == f"trang {total}/{total}, {seen['lastName']}"
    assert len(seen["pictures"]) >= 10
    assert [src for src, width in seen["pictures"] if width == 0] == []
    assert all(src.startswith("anh/") for src, _ in seen["pictures"])
    assert {"Be Vietnam Pro 400", "Be Vietnam Pro 700"} <= set(seen["fonts"])
    assert seen["offsite"] == []
    assert seen["errors"] == []
    assert screenshot.stat().st_size > 10_000
