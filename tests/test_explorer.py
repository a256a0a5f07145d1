"""The explorer page: its data file, and filtering, counts, sorting, the URL round trip and the no-JS
fallback in real headless Chromium."""

from __future__ import annotations

import json

import pytest

from tests.helpers import DESKTOP, PHONE, browser_test


def test_data_file_is_compact_and_complete(sample_site):
    site, summary = sample_site
    data = json.loads((site / "kham-pha/ho-so.json").read_text(encoding="utf-8"))
    assert len(data["profiles"]) == summary.published == 14
    assert all(len(row) == len(data["fields"]) for row in data["profiles"])
    first = dict(zip(data["fields"], data["profiles"][0], strict=True))
    assert first["url"].startswith("ho-so/") and first["photo"][0].startswith("assets/anh/")
    assert (site / "kham-pha/ho-so.json").stat().st_size < 600 * 14  # well under 1 kB a profile


def test_no_js_page_lists_everyone_with_links(sample_site):
    html = (sample_site[0] / "kham-pha/index.html").read_text(encoding="utf-8")
    assert html.count('class="vd-card ') == 14
    assert "data-vd-explorer-form" in html  # hidden by CSS unless scripts run: see the browser tests


@pytest.fixture
def explorer(chromium, sample_url):
    page = chromium.new_page(viewport=DESKTOP)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(sample_url + "kham-pha/", wait_until="networkidle")
    page.wait_for_selector("[data-vd-explorer][data-ready]")
    yield page
    assert errors == []
    page.close()


def count(page) -> str:
    return page.locator(".vd-listing .vd-count").inner_text()


def names(page) -> list[str]:
    return page.locator(".vd-grid .vd-card__name").all_inner_texts()


def expected_names(site, kind: str, level: str) -> list[str]:
    """Names the data file gives for a kind and an award level, in the default order."""
    data = json.loads((site / "kham-pha/ho-so.json").read_text(encoding="utf-8"))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["profiles"]]
    return [r["name"] for r in rows if r["kind"] == kind and any(data["awards"][a][2] == level for a, _ in r["awards"])]


@browser_test
def test_filters_combine_count_live_and_go_into_the_url(explorer, sample_site):
    page = explorer
    assert count(page) == "14 hồ sơ"
    assert page.locator(".vd-listing .vd-count").get_attribute("aria-live") == "polite"
    page.get_by_label("Cá nhân hay tập thể").select_option("tap-the")
    assert count(page) == "4 / 14 hồ sơ phù hợp"
    assert set(page.locator(".vd-grid .vd-card__kind").all_text_contents()) == {"Tập thể"}
    page.get_by_label("Cấp khen thưởng").select_option("thanh-pho")
    assert "loai=tap-the" in page.url and "cap=thanh-pho" in page.url
    combined = names(page)
    assert combined == expected_names(sample_site[0], "tap-the", "thanh-pho")
    # The options say how many profiles each would give; empty ones cannot be chosen.
    label = page.locator("#vd-filter-loai option[value='ca-nhan']").inner_text()
    assert label.startswith("Cá nhân (")

    # The URL round trip: a shared link shows the same view.
    shared = page.url
    page.goto("about:blank")
    page.goto(shared, wait_until="networkidle")
    page.wait_for_selector("[data-vd-explorer][data-ready]")
    assert page.get_by_label("Cá nhân hay tập thể").input_value() == "tap-the"
    assert page.get_by_label("Cấp khen thưởng").input_value() == "thanh-pho"
    assert names(page) == combined

    page.get_by_role("button", name="Bỏ lọc").click()
    page.wait_for_function("!location.search")
    assert count(page) == "14 hồ sơ"


@browser_test
def test_award_year_unit_text_and_sorting(explorer):
    page = explorer
    page.get_by_label("Tên, đơn vị, chức vụ").fill("dang thi thu")
    page.wait_for_function("document.querySelector('.vd-listing .vd-count').textContent.startsWith('1 /')")
    assert names(page) == ["ThS. Đặng Thị Thu Hường"]
    page.get_by_label("Tên, đơn vị, chức vụ").fill("")
    page.get_by_label("Đơn vị", exact=True).select_option("phong-quan-ly-dau-tu")
    assert sorted(names(page)) == ["Phòng Quản lý đầu tư", "ThS. Đặng Thị Thu Hường"]
    page.get_by_label("Đơn vị", exact=True).select_option("")
    page.get_by_label("Năm khen thưởng").select_option("2021")
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option("bang-khen-thanh-pho")
    assert "ThS. Đặng Thị Thu Hường" in names(page)  # her 2021 award is this one
    page.get_by_role("button", name="Bỏ lọc").click()
    page.wait_for_function("!location.search")
    page.get_by_label("Sắp xếp").select_option("ten")
    by_name = names(page)
    assert by_name[0] == "TS. Trần Thị Ngọc Ánh"  # Vietnamese order by given name: Ánh first
    page.get_by_label("Sắp xếp").select_option("moi-nhat")
    assert names(page) != by_name and "sap-xep=moi-nhat" in page.url


@browser_test
def test_keyboard_reaches_filters_and_cards(explorer):
    page = explorer
    page.get_by_label("Tên, đơn vị, chức vụ").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    for _ in range(10):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.vd-card, form') !== null")


@browser_test
def test_phone_folds_the_filters_and_keeps_photos_lazy(chromium, sample_url):
    page = chromium.new_page(viewport=PHONE)
    page.goto(sample_url + "kham-pha/?don-vi=van-phong", wait_until="networkidle")
    page.wait_for_selector("[data-vd-explorer][data-ready]")
    assert page.evaluate("document.querySelector('.vd-explorer__details').open")  # a filter is set
    page.goto(sample_url + "kham-pha/", wait_until="networkidle")
    page.wait_for_selector("[data-vd-explorer][data-ready]")
    assert not page.evaluate("document.querySelector('.vd-explorer__details').open")
    assert page.evaluate("[...document.querySelectorAll('.vd-grid img')].every(i => i.loading === 'lazy')")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


@browser_test
def test_no_js_shows_the_full_list(chromium, sample_url):
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(sample_url + "kham-pha/")
    assert page.locator("[data-vd-explorer-form]").is_hidden()
    links = page.locator(".vd-grid a.vd-card__link")
    assert links.count() == 14
    links.first.click()
    assert "/ho-so/" in page.url
    context.close()


CARDS = """[...document.querySelectorAll('.vd-grid .vd-card')].map(card => [card.className,
  new URL(card.querySelector('a.vd-card__link').href).pathname,
  card.querySelector('.vd-card__photo').localName, card.querySelector('.vd-card__photo').textContent,
  [...card.querySelector('.vd-card__body').children].map(part => part.className + ': ' + part.textContent)])"""


@browser_test
def test_the_scripts_cards_are_the_pages_cards(explorer, chromium, sample_url):
    drawn = explorer.evaluate(CARDS)  # by explorer.js, from the page's <template>
    context = chromium.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(sample_url + "kham-pha/")
    written = page.evaluate(CARDS)  # by the generator
    context.close()
    assert len(drawn) == 14 and drawn == written
    assert {card[2] for card in drawn} == {"img", "svg"}  # photos and placeholders both compared
