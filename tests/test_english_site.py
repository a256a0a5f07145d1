"""The English edition's plumbing in MkDocs (issue 16, docs/design/english.md): per-page `<html lang>`, the
English navigation, the language switch, `hreflang` links, the sitemap's alternates, the 404 page and search
per language. Built from the English pages that exist, never from a list: in the sample site the two
hand-written ones (`content/en/`), and in a small project a fake English listing page.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.load import Paths
from generator.publish import build_site
from tests.helpers import DESKTOP, PHONE, REPO, TODAY, PagesHandler, QuietHandler, browser_test, build, serve, use_cache

SITE_URL = "https://example.github.io/vinhdanh/"
"""mkdocs.yml's placeholder address, in the sample site's absolute links."""


class _Page(HTMLParser):
    """What a page says about its language: `<html lang>`, its hreflang links, its switch and nav tabs."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] | None = None
        self.tabs: list[tuple[str, str]] = []
        self._tab: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel", "").split() == ["alternate"] and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "a" and "vd-lang__link" in a.get("class", ""):
            self.switch = a
        elif tag == "a" and "md-tabs__link" in a.get("class", ""):
            self._tab, self._text = a["href"], []

    def handle_data(self, data: str) -> None:
        if self._tab is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._tab is not None:
            self.tabs.append((" ".join("".join(self._text).split()), self._tab))
            self._tab = None


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> dict[str, _Page]:
    """The site's MkDocs pages (those with a Material `<html lang>`), by URL (`en/gioi-thieu/`)."""
    pages = {}
    for file in sorted(site.rglob("index.html")):
        url = file.parent.relative_to(site).as_posix() + "/"
        page = _read(file)
        if page.lang is not None and not url.startswith(("pagefind/", "hoi-nghi/trinh-chieu/")):
            pages["" if url == "./" else url] = page
    return pages


def _site_path(page_url: str, href: str) -> str:
    """The site path (`en/`) a link `href` on the page at `page_url` leads to."""
    absolute = urljoin(SITE_URL + page_url, href)
    assert absolute.startswith(SITE_URL), href
    return urlsplit(absolute).path[len(urlsplit(SITE_URL).path):]


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, _Page]:
    return _pages(sample_site[0])


def test_english_pages_are_english_and_the_others_vietnamese(pages):
    english = {url for url in pages if url.startswith("en/")}
    assert {"en/", "en/gioi-thieu/"} <= english  # the hand-written ones; generated ones join them
    assert [url for url in english if pages[url].lang != "en"] == []
    assert [url for url in pages if url not in english and pages[url].lang != "vi"] == []
    about = (REPO / "content/en/gioi-thieu.md").exists() and pages["en/gioi-thieu/"]
    assert about and about.switch is not None


def test_every_page_with_a_twin_has_the_reciprocal_hreflang_pair_and_a_switch_to_it(pages):
    paired = 0
    for url, page in pages.items():
        twin = url.removeprefix("en/") if url.startswith("en/") else f"en/{url}"
        if twin not in pages:
            # No twin: no pair, and the switch leads to the other language's home page.
            assert page.alternates == {}, url
            assert page.switch is not None and _site_path(url, page.switch["href"]) == ("" if url.startswith("en/")
                                                                                         else "en/"), url
            continue
        paired += 1
        vietnamese, english = (twin, url) if url.startswith("en/") else (url, twin)
        assert page.alternates == {"vi": SITE_URL + vietnamese, "en": SITE_URL + english,
                                   "x-default": SITE_URL + vietnamese}, url
        switch = page.switch
        assert switch is not None and _site_path(url, switch["href"]) == twin, url
        other = "vi" if url.startswith("en/") else "en"
        assert (switch["hreflang"], switch["lang"], switch["target"]) == (other, other, "_self"), url
    assert paired >= 4  # the home and About pages, both ways


def test_the_switch_says_the_other_languages_name_in_that_language(sample_site):
    site = sample_site[0]
    assert re.search(r'lang="en" target="_self">.*?</span>English</a>', (site / "index.html").read_text(), re.S)
    assert re.search(r'lang="vi" target="_self">.*?</span>Tiếng Việt</a>', (site / "en/index.html").read_text(),
                     re.S)


def test_the_sitemap_lists_each_pages_alternates(sample_site):
    sitemap = (sample_site[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    urls = {re.search(r"<loc>(.*?)</loc>", block).group(1): dict(re.findall(
                r'<xhtml:link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"/>', block))
            for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S)}
    pair = {"vi": SITE_URL + "gioi-thieu/", "en": SITE_URL + "en/gioi-thieu/", "x-default": SITE_URL + "gioi-thieu/"}
    assert urls[SITE_URL + "gioi-thieu/"] == urls[SITE_URL + "en/gioi-thieu/"] == pair
    assert urls[SITE_URL + "en/"]["vi"] == SITE_URL
    listing = {"vi": SITE_URL + "dien-hinh/", "en": SITE_URL + "en/dien-hinh/", "x-default": SITE_URL + "dien-hinh/"}
    assert urls[SITE_URL + "dien-hinh/"] == urls[SITE_URL + "en/dien-hinh/"] == listing  # a generated pair
    assert urls[SITE_URL + "tin-bai/"] == {}  # news is Vietnamese only: no alternates


def test_english_pages_show_the_english_navigation_and_interface(pages, sample_site):
    site = sample_site[0]
    for url in ("en/", "en/gioi-thieu/"):
        tabs = pages[url].tabs
        assert tabs and all(_site_path(url, href).startswith("en/") for _, href in tabs), (url, tabs)
        assert tabs[0][0] == "Home" and ("About", tabs[-1][1]) == tabs[-1]
    assert [title for title, _ in pages[""].tabs][:2] == ["Trang chủ", "Điển hình tiên tiến"]
    about = (site / "en/gioi-thieu/index.html").read_text(encoding="utf-8")
    for text in ("<title>About - Honouring Exemplars</title>", "Skip to content", 'aria-label="Site menu"',
                 "Find people, units, titles…", "A site honouring the exemplars of 2020 - 2025.",
                 "<span class=\"vd-reading__label\">High contrast</span>", "data-pagefind-body"):
        assert text in about, text
    assert "<title>Home - Honouring Exemplars</title>" in (site / "en/index.html").read_text(encoding="utf-8")
    labels = json.loads(re.search(r"<div class=\"vd-search\"[^>]* data-vd-labels='([^']+)'", about).group(1))
    assert labels["one"] == "1 result" and labels["other"] == "{n} results"
    vietnamese = (site / "gioi-thieu/index.html").read_text(encoding="utf-8")
    assert "data-vd-labels='{\"failed" not in vietnamese and "data-pagefind-body" not in vietnamese


def test_the_404_page_is_vietnamese_with_an_english_section_linking_the_english_home(sample_site):
    html = (sample_site[0] / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    section = re.search(r'<section class="vd-404-en" lang="en"[^>]*>(.*?)</section>', html, re.S).group(1)
    assert "Page not found" in section
    assert '<a href="/vinhdanh/en/" hreflang="en">' in section  # absolute: served at any address
    assert html.index("Không tìm thấy trang</h1>") < html.index('class="vd-404-en"')


def test_search_has_one_index_per_language(sample_site):
    entry = json.loads((sample_site[0] / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "vi"]  # in a fixed order (Pagefind's is a hash map's)
    assert entry["languages"]["vi"]["page_count"] >= 14 and entry["languages"]["en"]["page_count"] >= 1


def test_the_english_navigation_and_pairs_follow_the_english_pages_that_exist(project):
    """The generated English listings join the English tabs and pair with the Vietnamese ones; a hand-written
    page of the navigation with an English twin joins them too; an English page without a Vietnamese twin
    leads to the Vietnamese home page."""
    project.write("content/en/lien-he.md", "# Contact\n\nWrite to the Board.\n")
    # A hand-written page of the navigation outside the generator's sections, with its English twin.
    project.write("content/hoi-dap.md", "# Hỏi đáp\n")
    project.write("content/en/hoi-dap.md", "# Questions\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Giới thiệu: gioi-thieu.md\n", "  - Giới thiệu: gioi-thieu.md\n  - Hỏi đáp: hoi-dap.md\n"), encoding="utf-8")
    build(project)
    site = project.root / "site"
    pages = _pages(site)
    # A title without an entry in theme/messages/en.yml stays Vietnamese (the editor's guide, section 8).
    tabs = [title for title, _ in pages["en/"].tabs]
    assert tabs[:2] == ["Home", "Exemplars"] and tabs[-2:] == ["About", "Hỏi đáp"]
    assert "News" not in tabs and "Tin bài" not in tabs  # Vietnamese only: not in the English navigation
    assert pages["hoi-dap/"].alternates["en"] == SITE_URL + "en/hoi-dap/"
    assert pages["dien-hinh/"].alternates["en"] == SITE_URL + "en/dien-hinh/"
    assert _site_path("dien-hinh/", pages["dien-hinh/"].switch["href"]) == "en/dien-hinh/"
    assert _site_path("en/dien-hinh/", pages["en/dien-hinh/"].switch["href"]) == "dien-hinh/"
    contact = pages["en/lien-he/"]
    assert contact.lang == "en" and contact.alternates == {}
    assert _site_path("en/lien-he/", contact.switch["href"]) == ""


def test_without_english_pages_there_is_no_switch_and_no_english_404_section(project):
    for page in (project.root / "content/en").glob("*.md"):
        page.unlink()
    build(project)
    site = project.root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "vd-lang" not in home and 'hreflang="' not in home
    assert "vd-404-en" not in (site / "404.html").read_text(encoding="utf-8")


# --- In Chromium --------------------------------------------------------------------------------------------

SITE_PATH = "/vinhdanh/"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def base_url(sample_site):
    """The sample site served under its public address's path, as GitHub Pages would."""

    class Pages(PagesHandler):
        prefix = SITE_PATH

    with serve(sample_site[0], Pages) as url:
        yield url.rstrip("/") + SITE_PATH


def _open(browser, url: str, viewport: dict):
    page = browser.new_page()
    page.set_viewport_size(viewport)
    seen: dict[str, list[str]] = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, seen


@browser_test
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(("start", "twin", "lang"), [("", "en/", "en"), ("gioi-thieu/", "en/gioi-thieu/", "en"),
                                                     ("en/", "", "vi"), ("en/gioi-thieu/", "gioi-thieu/", "vi")])
def test_the_switch_leads_to_the_twin_and_changes_the_documents_language(browser, base_url, start, twin, lang,
                                                                          viewport):
    page, seen = _open(browser, base_url + start, viewport)
    switch = page.locator("a.vd-lang__link")
    assert switch.is_visible() and switch.bounding_box()["y"] < viewport["height"] / 2  # seen without scrolling
    switch.click()
    page.wait_for_url(base_url + twin)
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)
    page.wait_for_load_state("networkidle")
    assert page.locator("a.vd-lang__link").get_attribute("hreflang") != lang  # now back the other way
    origin = base_url.split(SITE_PATH)[0]
    assert [r for r in seen["requests"] if not r.startswith((origin, "data:", "blob:"))] == []
    assert seen["errors"] == []
    page.close()


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory, shared_cache):
    """The sample site built with `site_url` at its test server: Material's instant navigation only
    intercepts links listed in the sitemap, matched on host and path (tests/test_conference_browser.py)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    root = tmp_path_factory.mktemp("instant-en") / "project"
    root.mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config), encoding="utf-8")
    use_cache(root, shared_cache)
    for name in ("content", "theme", "data", "profiles"):
        shutil.copytree(REPO / name, root / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VINHDANH_TODAY", TODAY.isoformat())
        build_site(Paths.at(root), root / "mkdocs.yml", root / "site")
    server.RequestHandlerClass = functools.partial(QuietHandler, directory=str(root / "site"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@browser_test
def test_a_link_into_the_other_language_loads_the_page_whole(browser, instant_url):
    """Instant navigation would keep the English header and `<html lang>` on a Vietnamese page: a link from
    an English page to a Vietnamese one (such as "read the full profile in Vietnamese") is a full load
    (vinhdanh.js); a link within English stays instant."""
    page, seen = _open(browser, instant_url + "en/", DESKTOP)
    page.evaluate("window.__same = true")
    page.locator("a.md-tabs__link", has_text="About").click()
    page.wait_for_url(instant_url + "en/gioi-thieu/")
    page.wait_for_function("document.title.startsWith('About')")
    assert page.evaluate("window.__same === true")  # instant navigation: the same document
    page.locator("article").evaluate("a => a.insertAdjacentHTML('beforeend', "
                                     "'<p><a id=\"vd-to-vi\" href=\"../../gioi-thieu/\">Giới thiệu</a></p>')")
    page.locator("#vd-to-vi").click()
    page.wait_for_url(instant_url + "gioi-thieu/")
    page.wait_for_function("document.documentElement.lang === 'vi'")
    assert page.evaluate("window.__same === undefined")  # a new document
    assert page.locator("#vd-search-input").get_attribute("placeholder") == "Tìm người, đơn vị, danh hiệu…"
    # Material's language selector fetched no sitemap below a page (the hreflang links' rel, main.html).
    assert [r for r in seen["requests"] if r.endswith("sitemap.xml") and r != instant_url + "sitemap.xml"] == []
    page.close()


@browser_test
@pytest.mark.parametrize("path", ["en/", "en/gioi-thieu/", "khong-co-trang-nay/"])
def test_axe_finds_nothing_on_the_english_pages(browser, base_url, path):
    page, seen = _open(browser, base_url + path, DESKTOP)
    page.add_script_tag(path=str(AXE))
    axe = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    found = [f"{v['id']}: {v['help']} ({'; '.join(' '.join(n['target']) for n in v['nodes'][:4])})"
             for v in axe["violations"]]
    assert found == []
    origin = base_url.split(SITE_PATH)[0]
    assert [r for r in seen["requests"] if not r.startswith((origin, "data:", "blob:"))] == []
    page.close()


@browser_test
def test_an_english_search_finds_the_english_about_page(browser, base_url):
    page, seen = _open(browser, base_url + "en/gioi-thieu/", DESKTOP)
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially("personal data", delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__title", timeout=15_000)
    results = page.locator(".vd-search__result a").evaluate_all("links => links.map(a => a.href)")
    assert results and results[0].endswith("/en/gioi-thieu/")
    assert page.locator(".vd-search__status").inner_text() == "1 result"
    # Only the English index was fetched: Pagefind loads the language of <html lang>.
    indexes = [r for r in seen["requests"] if "/pagefind/" in r and (".pf_meta" in r or "/index/" in r)]
    assert indexes and all("/en_" in r or ".en_" in r for r in indexes), indexes
    page.close()


@browser_test
def test_the_reading_controls_speak_english_on_english_pages(browser, base_url):
    page, _ = _open(browser, base_url + "en/gioi-thieu/", DESKTOP)
    controls = page.locator(".vd-reading--header")
    controls.locator('[data-vd-reading-action="larger"]').click()
    page.wait_for_function("document.querySelector('.vd-reading--header [data-vd-reading-status]').textContent"
                           " === 'Text size 112.5%'")
    controls.locator('[data-vd-reading-action="reset"]').click()
    controls.locator('[data-vd-reading-action="contrast"]').click()
    status = controls.locator("[data-vd-reading-status]")
    assert status.text_content() in ("High contrast on", "High contrast off")
    controls.locator('[data-vd-reading-action="contrast"]').click()  # as it was, for the other tests
    assert page.locator(".md-nav--primary > .md-nav__title").text_content().strip() == "Honouring Exemplars"
    page.close()


@browser_test
@pytest.mark.parametrize(("query", "first"), [
    ("nguyen van duong", "en/ho-so/nguyen-van-duong/"),  # a Vietnamese name typed without its marks
    ("Đặng Thị Thu Hường", "en/ho-so/dang-thi-thu-huong/"),  # and with them
    ("grassroots emulation fighter", None),  # English text of the registries: found on English profiles
])
def test_an_english_search_finds_english_profiles_by_name_and_english_text(browser, base_url, query, first):
    page, _ = _open(browser, base_url + "en/", DESKTOP)
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially(query, delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__title", timeout=15_000)
    results = page.locator(".vd-search__result a").evaluate_all("links => links.map(a => a.href)")
    assert results and all("/en/" in r for r in results), results  # the English index alone
    if first is not None:
        assert results[0].endswith("/" + first), results
    else:
        assert any("/en/ho-so/" in r for r in results), results
    page.close()
