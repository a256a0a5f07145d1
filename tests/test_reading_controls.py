"""Text size and high contrast controls, and profiles on paper, in real headless Chromium.

What a visitor checks: A+ makes the text larger and the choice holds on the next page and after a reload;
nothing scrolls sideways on a phone at the largest size; high contrast reaches WCAG AAA contrast; the
keyboard reaches every control; without JavaScript no dead button shows; a printed profile carries the
person, the awards and the way back to the page, and nothing of the site's chrome.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BROWSER, CHROMIUM, CHROMIUM_ARGS, REPO, QuietHandler, serve

pytestmark = BROWSER

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
PROFILE = "ho-so/dang-thi-thu-huong/"
COLLECTIVE = "ho-so/to-smt-so-2-sao-mai/"
STEPS = [1, 1.125, 1.25, 1.5]
"""Text size factors from the default up, one per press of A+."""

# Visible text that belongs to the screen only: search, navigation tabs, share buttons, controls, footer.
SCREEN_ONLY = ["Tìm người, đơn vị, danh hiệu", "Khám phá", "Theo phong trào", "Facebook", "Zalo",
               "Sao chép liên kết", "Tải mã QR", "Tương phản cao", "Cỡ chữ", "Nội dung đánh dấu"]


class _LocalSitemapHandler(QuietHandler):
    """Serves sitemap.xml with this server's address in place of the public one.

    Material's instant navigation follows only the links its sitemap lists; with the public address there,
    every click on the test server would be a full page load and instant navigation would go untested.
    """

    public_url = ""  # the site_url the site was built with, set per server

    def do_GET(self):
        if self.path.split("?")[0] != "/sitemap.xml":
            return super().do_GET()
        public = self.public_url.encode()
        body = (Path(self.directory) / "sitemap.xml").read_bytes().replace(public, f"http://{self.headers['Host']}/".encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site
    home = (site / "index.html").read_text(encoding="utf-8")
    public = re.search(r'<link rel="canonical" href="([^"]+)"', home).group(1)
    with serve(site, type("Handler", (_LocalSitemapHandler,), {"public_url": public})) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every context a fresh profile: no choice stored by another test.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_page(chromium, url, viewport=DESKTOP, **options):
    """A page of a fresh context (empty storage), loaded and settled."""
    context = chromium.new_context(viewport=viewport, locale="vi-VN", **options)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


NAMES = {"Giảm cỡ chữ": "A−, giảm cỡ chữ", "Cỡ chữ mặc định": "A, cỡ chữ mặc định",
         "Tăng cỡ chữ": "A+, tăng cỡ chữ", "Tương phản cao": "Tương phản cao"}
"""Accessible names of the controls: what they do, and the symbol they show."""


def button(page, name):
    """The visible control of that name (the header's on wide screens, the bar's on phones)."""
    return page.get_by_role("button", name=NAMES[name], exact=True)


def root_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def story_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.vd-story p')).fontSize)")


def axe(page, rule):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("rule => axe.run(document, {runOnly: [rule]})", rule)
    return [(v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, {"width": 1700, "height": 900}],
                         ids=["phone", "desktop", "wide"])
def test_a_plus_scales_text_by_each_step(chromium, base_url, viewport):
    page = open_page(chromium, base_url + PROFILE, viewport)
    root, story = root_size(page), story_size(page)
    # Material's own size for the width (125%, 137.5% from 100em) is the base the steps multiply.
    assert root == (22 if viewport["width"] >= 1600 else 20)
    larger = button(page, "Tăng cỡ chữ")
    for factor in STEPS[1:]:
        assert larger.get_attribute("aria-disabled") == "false"
        larger.click()
        assert story_size(page) == pytest.approx(story * factor, rel=0.01)
        assert root_size(page) == pytest.approx(root * factor, rel=0.01)
    assert larger.get_attribute("aria-disabled") == "true"  # the largest step: pressing again does nothing
    larger.click(force=True)
    assert story_size(page) == pytest.approx(story * STEPS[-1], rel=0.01)
    assert page.get_by_role("status").filter(has_text="Cỡ chữ").inner_text() == "Cỡ chữ 150%"
    button(page, "Cỡ chữ mặc định").click()
    assert story_size(page) == pytest.approx(story)
    button(page, "Giảm cỡ chữ").click()
    assert story_size(page) == pytest.approx(story * 0.875, rel=0.01)
    assert button(page, "Giảm cỡ chữ").get_attribute("aria-disabled") == "true"
    page.context.close()


def test_choices_hold_after_reload_and_instant_navigation(chromium, base_url):
    page = open_page(chromium, base_url, DESKTOP)
    button(page, "Tăng cỡ chữ").click()
    button(page, "Tăng cỡ chữ").click()
    button(page, "Tương phản cao").click()
    root = root_size(page)
    assert root == pytest.approx(20 * 1.25)
    # Record the page's state the moment <body> appears: the choice must be in place before first paint.
    page.context.add_init_script("""
        new MutationObserver((changes, observer) => {
          if (!document.body) return;
          window.atBody = [document.documentElement.getAttribute('data-vd-text'),
                           document.documentElement.getAttribute('data-vd-contrast'),
                           getComputedStyle(document.documentElement).fontSize];
          observer.disconnect();
        }).observe(document, {childList: true, subtree: true});
    """)
    page.reload(wait_until="networkidle")
    assert page.evaluate("window.atBody") == ["2", "high", "25px"]
    assert root_size(page) == root
    assert button(page, "Tương phản cao").get_attribute("aria-pressed") == "true"
    # A link inside the site: Material's instant navigation swaps the page without reloading the document.
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="ThS. Đặng Thị Thu Hường").first.click()
    page.wait_for_url("**/" + PROFILE)
    # The address changes before instant navigation has swapped the content in: wait for the new content.
    page.locator(".vd-story p").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.sameDocument") is True
    assert root_size(page) == root
    assert story_size(page) == pytest.approx(0.8 * root)
    assert button(page, "Tương phản cao").get_attribute("aria-pressed") == "true"
    assert button(page, "Cỡ chữ mặc định").get_attribute("aria-disabled") == "false"
    # And after a full load of another page too.
    page.goto(base_url + "hoi-nghi/chuong-trinh/", wait_until="networkidle")
    assert root_size(page) == root
    assert page.evaluate("document.documentElement.dataset.vdContrast") == "high"
    page.context.close()


OVERFLOW = """() => {
  // Anything whose right edge passes the viewport's, unless a scrolling or clipping box holds it; and any
  // such box of the content that scrolls sideways (a reflowed table must not need it either).
  const width = document.documentElement.clientWidth;
  const scrolling = [...document.querySelectorAll('.md-content *')].filter(el =>
    ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1);
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && box.right > width + 1 && el.checkVisibility() && !clipped(el);
  }).concat(scrolling).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + el.scrollWidth);
}"""


@pytest.mark.parametrize("path", ["", PROFILE, COLLECTIVE, "dien-hinh/", "don-vi/", "khen-thuong/",
                                  "kham-pha/", "hoi-nghi/", "hoi-nghi/chuong-trinh/"])
def test_largest_text_never_scrolls_sideways_on_a_phone(chromium, base_url, path):
    page = open_page(chromium, base_url, PHONE)
    while button(page, "Tăng cỡ chữ").get_attribute("aria-disabled") == "false":
        button(page, "Tăng cỡ chữ").click()
    page.goto(base_url + path, wait_until="networkidle")
    assert root_size(page) == pytest.approx(30)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.evaluate("document.body.scrollWidth <= innerWidth")
    assert page.evaluate(OVERFLOW) == []
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("step", [0, 3])
def test_controls_fit_the_header_without_covering_it(chromium, base_url, viewport, step):
    page = open_page(chromium, base_url + PROFILE, viewport)
    for _ in range(step):
        button(page, "Tăng cỡ chữ").click()
    group = page.locator("[data-vd-reading]:visible")
    assert group.count() == 1
    boxes = [button(page, name).bounding_box() for name in
             ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Tương phản cao")]
    for box in boxes:  # WCAG 2.5.8: targets of at least 24 by 24 CSS pixels, inside the viewport
        assert box["width"] >= 24 and box["height"] >= 24
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    others = [page.locator(selector).bounding_box() for selector in
              (".md-header__title", ".vd-search__toggle:visible, .vd-search__input:visible",
               "label.md-header__button:visible, [data-vd-menu]:visible", ".md-logo:visible")
              if page.locator(selector).count()]

    def overlap(a, b):
        return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                    or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
    # Nothing of the header under a control; on phones the bar lies below the header.
    assert [(box, other) for box in boxes for other in others if other and overlap(box, other)] == []
    if viewport is PHONE:
        header = page.locator(".md-header").bounding_box()
        assert min(box["y"] for box in boxes) >= header["y"] + header["height"]
    page.context.close()


@pytest.mark.parametrize("path", ["", PROFILE, "hoi-nghi/chuong-trinh/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_high_contrast_reaches_enhanced_contrast(chromium, base_url, path, viewport):
    page = open_page(chromium, base_url + path, viewport)
    toggle = button(page, "Tương phản cao")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.vdContrast") == "high"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color") == "rgb(0, 0, 0)"
    assert axe(page, "color-contrast-enhanced") == []
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.documentElement.dataset.vdContrast") is None
    page.context.close()


def test_high_contrast_underlines_links_and_thickens_focus(chromium, base_url):
    page = open_page(chromium, base_url + "dien-hinh/", DESKTOP)
    name = page.locator(".vd-card__name").first
    card = page.locator(".vd-card__link").first

    def ring():
        card.focus()  # by keyboard, so that :focus-visible holds
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        return card.evaluate("a => [parseFloat(getComputedStyle(a).outlineWidth), getComputedStyle(a).outlineColor]")

    assert "underline" not in name.evaluate("e => getComputedStyle(e).textDecorationLine")
    normal = ring()
    button(page, "Tương phản cao").click()
    assert "underline" in name.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert ring() == [4, "rgb(0, 0, 0)"] and normal[0] < 4
    page.context.close()


def test_system_preference_for_more_contrast_is_the_default(chromium, base_url):
    page = open_page(chromium, base_url + PROFILE, DESKTOP, contrast="more")
    assert page.evaluate("document.documentElement.dataset.vdContrast") == "high"
    toggle = button(page, "Tương phản cao")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()  # the visitor's own choice wins over the system's from now on
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.vdContrast") is None
    page.context.close()


def test_keyboard_reaches_and_activates_every_control(chromium, base_url):
    page = open_page(chromium, base_url + PROFILE, DESKTOP)
    story = story_size(page)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.closest('[data-vd-reading]') && "
                             "(document.activeElement.getAttribute('aria-label') || document.activeElement.innerText.trim())")
        if name:
            reached.append(name)
            # A visible focus ring, not the browser's thin default.
            assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2
        if name == NAMES["Tăng cỡ chữ"]:
            page.keyboard.press("Enter")
            assert story_size(page) == pytest.approx(story * 1.125, rel=0.01)
        if name == "Tương phản cao":
            page.keyboard.press("Space")
            assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
            break
    assert reached == list(NAMES.values())
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_without_javascript_no_dead_control_shows(chromium, base_url, viewport):
    page = open_page(chromium, base_url + PROFILE, viewport, java_script_enabled=False)
    assert page.locator("[data-vd-reading]").count() == 2  # in the page, hidden
    assert page.locator("[data-vd-reading]:visible").count() == 0
    assert page.get_by_role("button", name=NAMES["Tăng cỡ chữ"]).count() == 0
    page.context.close()


# ---- Profiles on paper ---------------------------------------------------------------------------------

def print_profile(chromium, base_url, path, tmp_path, largest_high=False):
    """Print a profile page to an A4 PDF; return its text and number of pages."""
    page = open_page(chromium, base_url + path, DESKTOP)
    if largest_high:  # the reading choices must not spoil the paper
        for _ in range(3):
            button(page, "Tăng cỡ chữ").click()
        button(page, "Tương phản cao").click()
    pdf = tmp_path / "profile.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    page.emulate_media(media="print")
    portrait = page.locator(".vd-profile__photo img").bounding_box()
    qr = page.locator(".vd-qr img")
    qr_shown = qr.is_visible() and qr.evaluate("i => i.complete && i.naturalWidth > 0")
    page.context.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return text, pages, portrait, qr_shown, len(images.splitlines()) - 2


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext (make browser)")


@needs_poppler
@pytest.mark.parametrize("largest_high", [False, True], ids=["default", "largest-text-high-contrast"])
def test_profile_prints_person_awards_and_address_only(chromium, base_url, tmp_path, largest_high):
    text, pages, portrait, qr_shown, images = print_profile(chromium, base_url, PROFILE, tmp_path, largest_high)
    flat = " ".join(text.split())
    assert "ThS. Đặng Thị Thu Hường" in flat
    assert "Phòng Quản lý đầu tư" in flat  # the unit
    assert "Chiến sĩ thi đua cơ sở" in flat and "Quyết định số 112/QĐ-BQL" in flat
    assert "Câu chuyện" in flat and "Phiếu kiểm tra hồ sơ một lần" in flat
    assert "https://example.github.io/vinhdanh/ho-so/dang-thi-thu-huong/" in flat
    assert [words for words in SCREEN_ONLY if words in flat] == []
    assert pages <= 2
    assert qr_shown and images >= 2  # the portrait and the QR code
    assert 120 <= portrait["width"] <= 240  # about 42 mm: a portrait, not a poster


@needs_poppler
def test_collective_prints_on_two_pages_at_most(chromium, base_url, tmp_path):
    text, pages, _, _, _ = print_profile(chromium, base_url, COLLECTIVE, tmp_path)
    assert "Tổ SMT số 2" in " ".join(text.split())
    assert pages <= 2
