"""Articles (tin bài) of the built sample site in real headless Chromium: the list leads to the article, the
article to its exemplars and back, covers load whole without shifting the page, nothing is fetched from
another origin, and search finds an article. Every page type's accessibility, budget and validity:
tests/test_quality.py (the list and an article are among its page types)."""

from urllib.parse import urlsplit

import pytest

from tests.helpers import BROWSER, DESKTOP, PHONE, PagesHandler, serve

pytestmark = BROWSER

ARTICLE = "tin-bai/le-thi-hang-so-hoa-ho-so-thi-dua/"


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


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_list_leads_to_the_article_and_the_article_to_its_exemplar_and_back(browser, base_url, viewport):
    page, requests, errors = visit(browser, base_url + "tin-bai/", viewport)
    assert page.locator("h1").inner_text() == "Tin bài"
    titles = page.locator(".vd-article-card__title").all_inner_texts()
    assert len(titles) >= 4 and "Chị Lê Thị Hằng và mười năm hồ sơ thi đua trên máy tính" in titles
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.get_by_role("link", name="Chị Lê Thị Hằng và mười năm hồ sơ thi đua trên máy tính").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/" + ARTICLE)
    assert page.locator(".vd-article__byline").inner_text() == "12/5/2025 · Phòng Chính sách và Truyền thông"
    page.locator(".vd-section--about").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/ho-so/le-thi-hang/")
    back = page.locator(".vd-section--articles").get_by_role("link", name="Chị Lê Thị Hằng và mười năm hồ sơ thi đua "
                                                                          "trên máy tính")
    assert back.count() == 1
    origin = urlsplit(base_url).netloc
    assert [u for u in requests if urlsplit(u).netloc not in (origin, "")] == []
    assert errors == []
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_article_cover_loads_whole_in_its_box_without_layout_shift(browser, base_url, viewport):
    page = browser.new_page()
    page.set_viewport_size(viewport)
    page.add_init_script("""
        window.__shift = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
          .observe({type: 'layout-shift', buffered: true});
    """)
    page.goto(base_url + ARTICLE, wait_until="networkidle")
    cover = page.locator(".vd-article__image")
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")
    box = cover.bounding_box()
    content = page.locator(".vd-article__body").bounding_box()
    assert abs(box["width"] - content["width"]) < 2 and abs(box["width"] / box["height"] - 16 / 9) < 0.05
    assert page.evaluate("window.__shift") < 0.01
    assert cover.get_attribute("alt").startswith("Ảnh minh họa chân dung")
    page.close()


def test_search_finds_an_article_typed_without_diacritics(browser, base_url):
    page, _, _ = visit(browser, base_url, DESKTOP)
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially("so hoa ho so thi dua", delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__title", timeout=10_000)
    titles = page.locator(".vd-search__result .vd-search__title").all_inner_texts()
    assert any("mười năm hồ sơ thi đua" in t for t in titles), titles
    page.close()


def test_a_name_finds_the_person_before_the_articles_about_them(browser, base_url):
    page, _, _ = visit(browser, base_url, DESKTOP)
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially("le thi hang", delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__link", timeout=10_000)
    links = page.locator(".vd-search__link").evaluate_all("links => links.map(a => a.href)")
    assert links[0].endswith("/ho-so/le-thi-hang/"), links
    assert any(link.endswith("/" + ARTICLE) for link in links), links  # the article is found too, after
    page.close()
