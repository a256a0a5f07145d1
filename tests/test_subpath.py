"""The site served from a sub-path of the e-portal: every link and asset still resolves."""

import pytest

from tests.helpers import BROWSER, CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

pytestmark = BROWSER

PREFIX = "/cong-thong-tin/vinh-danh/"


class _PrefixHandler(QuietHandler):
    """Serves the site only under PREFIX, as a portal would; anything else is a 404."""

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return "/nonexistent"
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="module")
def prefixed_url(sample_site):
    site, _ = sample_site
    with serve(site, _PrefixHandler) as url:
        yield url.rstrip("/") + PREFIX


def test_pages_and_their_links_work_under_a_sub_path(prefixed_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for path in ("", "dien-hinh/", "ho-so/dang-thi-thu-huong/", "hoi-nghi/chuong-trinh/"):
            page.goto(prefixed_url + path, wait_until="networkidle")
            links = page.evaluate("[...document.querySelectorAll('main a[href]')].map(a => a.href)")
            for link in {u.split('#')[0] for u in links if u.startswith(prefixed_url.split(PREFIX)[0])}:
                assert link.startswith(prefixed_url), f"{path}: {link} leaves the sub-path"
        assert failed == []
        browser.close()
