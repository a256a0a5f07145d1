"""The built sample site in real headless Chromium: what a visitor's browser loads and shows."""


import pytest

from tests.helpers import BROWSER, DESKTOP, PHONE, PagesHandler, serve

pytestmark = BROWSER


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site
    with serve(site, PagesHandler) as url:
        yield url


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




# Every page type's resources, console, pictures and font: tests/test_quality.py.


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


PROFILE = "ho-so/dang-thi-thu-huong/"
PAGE_BUDGET = 190_000
"""Bytes a profile page's first view may transfer on a phone."""


def test_profile_page_first_view_on_a_phone_within_budget(browser, base_url):
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(base_url + PROFILE, wait_until="networkidle")
    sizes = {r.url.removeprefix(base_url): r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
             for r in finished}
    page.close()
    assert sum(sizes.values()) <= PAGE_BUDGET, sorted(sizes.items(), key=lambda kv: -kv[1])
    # The phone got a small WebP portrait, not the JPEG fallback, and no original.
    photos = [url for url in sizes if url.startswith("assets/anh/")]
    assert photos == [url for url in photos if url.endswith("-portrait-320.webp")] and len(photos) == 1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pictures_load_from_srcset_without_layout_shift(browser, base_url, viewport):
    page = browser.new_page()
    page.set_viewport_size(viewport)
    page.add_init_script("""
        window.__shift = 0;
        new PerformanceObserver(list => list.getEntries().forEach(e => { window.__shift += e.value; }))
            .observe({type: "layout-shift", buffered: true});
    """)
    page.goto(base_url + PROFILE, wait_until="networkidle")
    portrait = page.locator(".vd-profile__image")
    assert portrait.evaluate("i => i.complete && i.naturalWidth > 0")
    assert portrait.evaluate("i => i.currentSrc").endswith(".webp")
    assert portrait.get_attribute("width") and portrait.get_attribute("height")
    assert page.evaluate("window.__shift") < 0.01
    page.close()

    page, _, _ = visit(browser, base_url + "dien-hinh/", viewport)
    cards = page.locator("img.vd-card__photo")
    assert cards.count() >= 8
    assert [cards.nth(i).get_attribute("loading") for i in range(5)] == [None] * 4 + ["lazy"]
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.querySelectorAll('img.vd-card__photo')].every(i => i.complete)")
    loaded = page.evaluate("[...document.querySelectorAll('img.vd-card__photo')]"
                           ".map(i => [i.naturalWidth, i.currentSrc.split('.').pop()])")
    assert all(width > 0 and ext == "webp" for width, ext in loaded), loaded
    page.close()


def test_share_links_and_qr_code(browser, base_url):
    page, _, errors = visit(browser, base_url + PROFILE, PHONE)
    public = "https%3A%2F%2Fexample.github.io%2Fvinhdanh%2Fho-so%2Fdang-thi-thu-huong%2F"
    facebook = page.get_by_role("link", name="Facebook")
    assert facebook.get_attribute("href") == f"https://www.facebook.com/sharer/sharer.php?u={public}"
    assert facebook.get_attribute("target") == "_blank" and "noopener" in facebook.get_attribute("rel")
    assert page.get_by_role("link", name="Zalo").get_attribute("href").endswith(f"?url={public}")
    qr = page.get_by_role("img", name="Mã QR dẫn tới trang của ThS. Đặng Thị Thu Hường")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.vd-qr img').complete")
    assert qr.evaluate("i => i.naturalWidth") > 300
    download = page.get_by_role("link", name="Tải mã QR (PNG)")
    assert download.get_attribute("download") == "ma-qr-dang-thi-thu-huong.png"
    assert errors == []
    page.close()


def test_copy_link_button_copies_the_public_address(browser, base_url):
    page = browser.new_page()
    page.add_init_script("""
        window.__copied = [];
        Object.defineProperty(navigator, "clipboard", {value: {writeText: t => { window.__copied.push(t);
                                                                                   return Promise.resolve(); }}});
    """)
    page.goto(base_url + PROFILE, wait_until="networkidle")
    page.get_by_role("button", name="Sao chép liên kết").click()
    url = "https://example.github.io/vinhdanh/ho-so/dang-thi-thu-huong/"
    page.wait_for_function("window.__copied.length === 1")
    assert page.evaluate("window.__copied") == [url]
    assert page.locator(".vd-share__status").inner_text() == f"Đã sao chép liên kết: {url}"
    page.close()


def test_web_share_button_only_where_the_browser_can_share(browser, base_url):
    page, _, _ = visit(browser, base_url + PROFILE, PHONE)
    can_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.get_by_role("button", name="Chia sẻ…").is_visible() == can_share
    page.close()

    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.add_init_script("""
        window.__shared = [];
        navigator.share = data => { window.__shared.push(data); return Promise.resolve(); };
    """)
    page.goto(base_url + PROFILE, wait_until="networkidle")
    page.get_by_role("button", name="Chia sẻ…").click()
    page.wait_for_function("window.__shared.length === 1")
    assert page.evaluate("window.__shared") == [{"title": "ThS. Đặng Thị Thu Hường",
                                                 "url": "https://example.github.io/vinhdanh/ho-so/dang-thi-thu-huong/"}]
    page.close()


def test_phone_menu_opens_and_closes_from_the_keyboard(browser, base_url):
    page, _, errors = visit(browser, base_url + PROFILE, PHONE)
    menu = page.get_by_role("button", name="Danh mục trang")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    # While closed, the drawer's links take no focus: the first Tabs go to the skip link and the header.
    for _ in range(4):
        page.keyboard.press("Tab")
        assert not page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert menu.get_attribute("aria-expanded") == "true"
    # The drawer slides in: its focused link ends on the screen.
    page.wait_for_function("document.activeElement.getBoundingClientRect().left >= 0", timeout=2000)
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Danh mục trang"
    assert errors == []
    page.close()
