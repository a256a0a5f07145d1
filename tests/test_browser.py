"""The built sample site in real headless Chromium: what a visitor's browser loads and shows."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    # CI installs chromium (Makefile), so there a missing browser fails instead of skipping.
    pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.environ.get("CI"), reason="no chromium")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield context
        context.close()


def visit(browser, url, viewport):
    """Open `url`; return the page, the requests made and the console errors seen."""
    page = browser.new_page()
    page.set_viewport_size(viewport)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, requests, errors


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.parametrize("path", ["", "dien-hinh/", "ho-so/dang-thi-thu-huong/", "ho-so/to-smt-so-2-sao-mai/",
                                  "don-vi/", "khen-thuong/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_load_only_own_resources_without_errors(browser, base_url, path, viewport):
    page, requests, errors = visit(browser, base_url + path, viewport)
    try:
        assert errors == []
        foreign = [r for r in requests if not r.startswith(base_url) and not r.startswith("data:")]
        assert foreign == []
        assert page.evaluate("document.documentElement.lang") == "vi"
        # Every image decoded (no broken picture) and the self-hosted font is in use.
        broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
        assert broken == []
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"')")
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('Be Vietnam Pro') && f.status === 'loaded')")
    finally:
        page.close()


def test_phone_shows_cards_two_by_two_and_desktop_wider(browser, base_url):
    for viewport, expected in ((PHONE, 2), (DESKTOP, 4)):
        page, _, _ = visit(browser, base_url + "dien-hinh/", viewport)
        columns = page.evaluate("getComputedStyle(document.querySelector('.vd-grid')).gridTemplateColumns")
        assert len(columns.split()) >= expected if viewport is DESKTOP else len(columns.split()) == expected
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        page.close()


def test_card_leads_to_the_profile_page(browser, base_url):
    page, _, _ = visit(browser, base_url + "dien-hinh/", DESKTOP)
    page.get_by_role("link", name="ThS. Đặng Thị Thu Hường").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/ho-so/dang-thi-thu-huong/")
    assert page.locator("h1").inner_text().endswith("ThS. Đặng Thị Thu Hường")
    assert page.locator("table.vd-awards tbody tr").count() >= 1
    page.close()


def test_search_box_finds_a_person(browser, base_url):
    page, _, _ = visit(browser, base_url, DESKTOP)
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially("Thu Hường", delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__title", timeout=10_000)
    titles = page.locator(".vd-search__result .vd-search__title").all_inner_texts()
    assert any("Đặng Thị Thu Hường" in t for t in titles)
    page.close()
