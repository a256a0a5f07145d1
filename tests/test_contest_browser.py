"""The writing contest (cuộc thi viết) of the built sample site in real headless Chromium: the nav leads to the
index, the index to the round, the round to an entry and the entry to its exemplar; an author without consent
is not named; nothing is fetched from another origin. Accessibility, budget and validity: tests/test_quality.py
(the round and an entry are among its page types)."""

from urllib.parse import urlsplit

import pytest

from tests.helpers import BROWSER, DESKTOP, PHONE, PagesHandler, serve

pytestmark = BROWSER


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site
    with serve(site, PagesHandler) as url:
        yield url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_round_leads_to_an_entry_and_the_entry_to_its_exemplar(browser, base_url, viewport):
    page = browser.new_page()
    page.set_viewport_size(viewport)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "cuoc-thi-viet/", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Cuộc thi viết"
    page.get_by_role("link", name="Cuộc thi viết về gương điển hình tiên tiến, người tốt việc tốt năm 2025").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/cuoc-thi-viet/2025/")
    assert page.locator(".vd-contest__prize h2").all_inner_texts() == [
        "Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích", "Các bài dự thi khác"]
    assert "Tác giả: (chưa công bố) · Công ty Linh kiện Điện tử Sao Mai" in page.locator(".vd-contest").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.get_by_role("link", name="Người giữ nhịp cho công tác khen thưởng").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/cuoc-thi-viet/2025/so-hoa-ho-so-thi-dua/")
    assert page.locator(".vd-article__byline").inner_text() == "Tác giả: Trần Minh Châu · Văn phòng Ban Quản lý"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(".vd-contest-entry__facts").get_by_role("link", name="Lê Thị Hằng").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/ho-so/le-thi-hang/")
    origin = urlsplit(base_url).netloc
    assert [u for u in requests if urlsplit(u).netloc not in (origin, "")] == []
    assert errors == []
    page.close()
