"""Search: the terms added to the index, and the query battery typed into the real search box in headless
Chromium, on the sample site and on a synthetic large site (sample profiles among 300 competitors)."""

from __future__ import annotations

import pytest

from generator.load import Paths
from generator.publish import build_site
from generator.search import abbreviation_terms, search_terms, words
from tests.helpers import DESKTOP, INDIVIDUAL, PHONE, TODAY, browser_test, serve, use_cache
from tests.large_site import generate_large_project
from tests.search_battery import BATTERY, run_battery

RECALL_TARGET = 0.95


def test_words_split_at_brackets_quotes_and_slashes():
    assert words('(Hòa Lạc) "Giọt hồng" 112/QĐ-BQL') == ["Hòa", "Lạc", "Giọt", "hồng", "112", "QĐ", "BQL"]


def test_abbreviations_both_ways():
    assert abbreviation_terms(["Khu Công nghệ cao Hòa Lạc"]) == ["KCNC", "CNC"]
    assert abbreviation_terms(["KCN Thăng Long"]) == ["khu công nghiệp"]


def test_terms_fold_d_and_weigh_the_name(project):
    project.write("profiles/x.md", INDIVIDUAL.replace("Nguyễn Văn An", "Đặng Văn Đức"))
    (profile,) = project.load().profiles
    name_terms, fields, story = search_terms(profile)
    assert name_terms == ["dang", "duc"]
    assert "VP" in fields and "Văn phòng Ban Quản lý" in fields  # the unit's other names
    assert "CSTĐ cơ sở" in fields and "cstd" in fields  # the award title's alias, also folded
    assert "1/qd-bql" in story and "qd" in story


# --- in the browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def large_site(tmp_path_factory, shared_cache):
    """(URL, site folder) of the sample profiles among 300 generated ones."""
    root = generate_large_project(tmp_path_factory.mktemp("large") / "project", 300)
    use_cache(root, shared_cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VINHDANH_TODAY", TODAY.isoformat())
        build_site(Paths.at(root), root / "mkdocs.yml", root / "site")
    with serve(root / "site") as url:
        yield url, root / "site"


def _battery(chromium, url, viewport):
    page = chromium.new_page(viewport=viewport)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    result = run_battery(page, "pagefind")
    page.close()
    return result, errors


def test_battery_has_enough_queries():
    assert len([q for q in BATTERY if q.expected]) >= 40
    kinds = " ".join(q.kind for q in BATTERY)
    for kind in ("no diacritics", "NFD", "old tone placement", "prefix", "unit", "award", "abbreviation",
                 "exact diacritics first"):
        assert kind in kinds


@browser_test
def test_battery_on_the_sample_site(chromium, sample_url):
    result, errors = _battery(chromium, sample_url, DESKTOP)
    assert errors == []
    assert result.recall >= RECALL_TARGET, result.summary()
    assert result.first_failures == [], result.summary()


@browser_test
def test_battery_on_a_large_site_phone(chromium, large_site):
    result, errors = _battery(chromium, large_site[0], PHONE)
    assert errors == []
    assert result.recall >= RECALL_TARGET, result.summary()
    assert result.first_failures == [], result.summary()


@browser_test
def test_first_query_loads_a_small_part_of_the_index(chromium, large_site):
    url, site = large_site
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(url, wait_until="networkidle")
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
    run_battery(page, "pagefind", [q for q in BATTERY if q.text == "nguyen van duong"])
    page.close()
    chunks = list((site / "pagefind/index").iterdir())
    fragments = list((site / "pagefind/fragment").iterdir())
    assert 0 < len([u for u in fetched if u.endswith(".pf_index")]) < len(chunks)
    assert len([u for u in fetched if u.endswith(".pf_fragment")]) <= 8 < len(fragments)


@browser_test
def test_keyboard_and_no_js_fallback(chromium, sample_url):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(sample_url, wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "vd-search-input"
    page.keyboard.type("dang thi")
    page.wait_for_selector(".vd-search__link")
    page.keyboard.press("ArrowDown")
    assert "dang-thi-thu-huong" in page.evaluate("document.activeElement.href")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "vd-search-input"
    assert page.locator("#vd-search-panel").is_hidden()
    page.keyboard.press("Enter")  # the best result opens
    page.wait_for_url("**/ho-so/dang-thi-thu-huong/")
    page.close()

    # Without JavaScript the box is a form that opens the explorer's complete list.
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(sample_url + "ho-so/vu-duc-loi/")
    page.fill("#vd-search-input", "hoa lac")
    page.press("#vd-search-input", "Enter")
    page.wait_for_url("**/kham-pha/?q=hoa+lac")
    assert page.locator(".vd-grid .vd-card").count() == 14
    context.close()
