"""Quality gates for every page type, in real headless Chromium at a phone and a desktop viewport.

Each visit checks what a visitor (or an auditor of a state website, Circular 26/2020/TT-BTTTT, WCAG 2.1 AA)
would: axe-core finds no accessibility violation, keyboard focus is visible, nothing is requested from
another origin, the console stays clean, every picture decodes, the self-hosted font is used, nothing
jumps while the page loads, and the bytes transferred stay within the page type's budget. Across the whole
built site: the HTML is valid (the Nu HTML Checker), no internal link, anchor or asset is broken, and every
picture has a text alternative.

Every visit leaves a full-page screenshot and a summary in artifacts/quality/ (or $VINHDANH_ARTIFACTS),
which the workflow uploads for reviewers; `scripts/quality_table.py` turns the summaries into a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.load import TIMEZONE
from generator.routes import page_lang
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, REPO, TODAY, PagesHandler, browser_test, serve

SITE_PATH = "/vinhdanh/"
"""Path of `site_url` in mkdocs.yml: the site is served there, as GitHub Pages would (404.html links to it)."""
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(os.environ.get("VINHDANH_ARTIFACTS", REPO / "artifacts")) / "quality"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""axe-core rule sets: WCAG 2.1 A and AA as the circular asks, 2.2 AA and axe's best practices (which include
headings in order and landmarks)."""


@dataclass(frozen=True)
class PageType:
    """One kind of page a visitor meets, and what its first view may transfer."""

    name: str
    """Name of the screenshots and summaries."""
    path: str
    """Address below the site's root."""
    budget: int
    """Bytes the first view may transfer, at either viewport (compressed as GitHub Pages serves it, headers
    included). Set about 15% above what was measured (artifacts/quality/, scripts/quality_table.py); the
    self-hosted font's four faces (66 KB) and Material's script (35 KB) are most of every page."""
    search: str = ""
    """A query typed into the header's search box before the checks, for the search results."""
    status: int = 200
    """HTTP status of the page itself."""

    @property
    def lang(self) -> str:
        """The page's `<html lang>`: `en` under `en/`."""
        return page_lang(self.path)


KB = 1000
PAGE_TYPES = [
    PageType("trang-chu", "", 175 * KB),
    PageType("ho-so-ca-nhan", "ho-so/dang-thi-thu-huong/", 190 * KB),
    PageType("ho-so-tap-the", "ho-so/to-smt-so-2-sao-mai/", 190 * KB),
    PageType("dien-hinh", "dien-hinh/", 195 * KB),
    PageType("dien-hinh-ca-nhan", "dien-hinh/ca-nhan/", 195 * KB),
    PageType("dien-hinh-tap-the", "dien-hinh/tap-the/", 195 * KB),
    PageType("don-vi", "don-vi/", 160 * KB),
    PageType("mot-don-vi", "don-vi/dien-tu-sao-mai/", 175 * KB),
    PageType("phong-trao", "phong-trao/", 160 * KB),
    PageType("mot-phong-trao", "phong-trao/nguoi-tot-viec-tot/", 175 * KB),
    PageType("khen-thuong", "khen-thuong/", 160 * KB),
    PageType("mot-khen-thuong", "khen-thuong/chien-si-thi-dua-co-so/", 175 * KB),
    PageType("kham-pha", "kham-pha/", 200 * KB),
    PageType("tin-bai", "tin-bai/", 180 * KB),
    PageType("mot-tin-bai", "tin-bai/le-thi-hang-so-hoa-ho-so-thi-dua/", 180 * KB),  # measured 155 KB with its cover
    PageType("cuoc-thi-viet", "cuoc-thi-viet/2025/", 180 * KB),
    PageType("bai-du-thi", "cuoc-thi-viet/2025/so-hoa-ho-so-thi-dua/", 180 * KB),
    PageType("en-ho-so", "en/ho-so/dang-thi-thu-huong/", 190 * KB),
    PageType("en-dien-hinh", "en/dien-hinh/", 195 * KB),
    PageType("en-khen-thuong", "en/khen-thuong/", 160 * KB),
    PageType("en-kham-pha", "en/kham-pha/", 205 * KB),  # both data files: ho-so.json and ho-so.en.json
    PageType("en-dem-nguoc", "en/hoi-nghi/", 160 * KB),
    PageType("en-chuong-trinh", "en/hoi-nghi/chuong-trinh/", 180 * KB),
    PageType("tim-kiem", "", 330 * KB, search="Thu Hường"),  # with Pagefind's index and its WebAssembly
    PageType("dem-nguoc", "hoi-nghi/", 160 * KB),
    PageType("chuong-trinh", "hoi-nghi/chuong-trinh/", 180 * KB),
    PageType("nhung", "hoi-nghi/nhung.html", 50 * KB),  # the embed: two faces and the countdown script
    PageType("gioi-thieu", "gioi-thieu/", 160 * KB),
    PageType("404", "khong-co-trang-nay/", 160 * KB, status=404),
    PageType("en-trang-chu", "en/", 175 * KB),
    PageType("en-gioi-thieu", "en/gioi-thieu/", 160 * KB),
    PageType("en-tim-kiem", "en/", 330 * KB, search="personal data"),  # from the home, as tim-kiem
]
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
LAYOUT_SHIFT = 0.01
"""Most cumulative layout shift a page may show while loading (a tenth of what Core Web Vitals call good):
what a script adds or reveals must have its room from the first paint."""


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site

    class Pages(PagesHandler):
        prefix = SITE_PATH

    with serve(site, Pages) as url:
        yield url.rstrip("/") + SITE_PATH


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _search(page, query: str) -> None:
    """Type `query` into the header's search box and wait for its results."""
    if page.locator(".vd-search__toggle").is_visible():  # phones: the box opens from an icon
        page.locator(".vd-search__toggle").click()
    page.locator("#vd-search-input").click()
    page.locator("#vd-search-input").press_sequentially(query, delay=20)
    page.wait_for_selector(".vd-search__result .vd-search__title", timeout=15_000)
    page.wait_for_load_state("networkidle")


def _visit(chromium, url: str, page_type: PageType, viewport: dict) -> tuple[object, dict]:
    """Open the page in a fresh context (empty cache); returns the page and what was seen loading it."""
    context = chromium.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    # The clock reads the day the site was built for, as on the live site, which is rebuilt every night;
    # otherwise the countdown would rightly rearrange a page built for another day.
    page.clock.install(time=dt.datetime.combine(TODAY, dt.time(10), TIMEZONE))
    page.add_init_script("""window.__shifts = [];
        new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.__shifts.push(
            [e.value, e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '?').join(', ')]); }))
          .observe({type: 'layout-shift', buffered: true});""")
    seen: dict = {"requests": [], "errors": [], "failed": [], "sizes": {}}
    page.on("request", lambda r: seen["requests"].append(r.url))
    # The one expected error: the 404 page's own status.
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" and not (
        page_type.status == 404 and m.location.get("url") == url) else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    # A request the browser cancels itself (net::ERR_ABORTED: the favicon still on its way when the page is
    # loaded again, on a busy machine) is not the site's failure; a missing file shows as its status below.
    page.on("requestfailed", lambda r: seen["failed"].append(f"{r.url} ({r.failure})")
            if r.failure != "net::ERR_ABORTED" else None)

    def finished(request) -> None:
        sizes = request.sizes()
        seen["sizes"][request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        if response is not None and response.status >= 400 and request.url != url:
            seen["failed"].append(f"{request.url} ({response.status})")

    page.on("requestfinished", finished)
    response = page.goto(url, wait_until="networkidle")
    seen["status"] = response.status if response else None
    if page_type.search:
        _search(page, page_type.search)
    seen["bytes"] = sum(seen["sizes"].values())
    seen["heaviest"] = sorted(seen["sizes"].items(), key=lambda kv: -kv[1])[:6]
    if page_type.search:  # the home page's own loading is "trang-chu"'s to check
        seen["shifts"] = []
        return page, seen
    # Again, from the cache: the layout shifts of this view are the page's own doing, not the font's or
    # the pictures' arrival, which depends on the network (bench/lighthouse.py measures cold loads).
    page.goto(url, wait_until="networkidle")
    seen["shifts"] = page.evaluate("window.__shifts")
    return page, seen


@browser_test
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_page_type_passes_quality_gates(chromium, base_url, page_type, viewport):
    url = base_url + page_type.path
    page, seen = _visit(chromium, url, page_type, VIEWPORTS[viewport])
    problems: list[str] = []
    try:
        if seen["status"] != page_type.status:
            problems.append(f"HTTP {seen['status']}, expected {page_type.status}")
        problems += [f"console: {error}" for error in seen["errors"]]
        problems += [f"failed request: {failure}" for failure in seen["failed"]]
        origin = base_url.split(SITE_PATH)[0]
        problems += [f"request to another origin: {r}" for r in seen["requests"]
                     if not r.startswith(origin) and not r.startswith(("data:", "blob:"))]
        weight, budget = seen["bytes"], page_type.budget
        if weight > budget:
            problems.append(f"transferred {weight:,} bytes, budget {budget:,}: "
                            + ", ".join(f"{u.removeprefix(base_url)} {s:,}" for u, s in seen["heaviest"]))

        shifts = seen["shifts"]
        if sum(value for value, _ in shifts) >= LAYOUT_SHIFT:
            problems.append(f"the layout shifts while loading: {shifts}")

        # Pictures further down load lazily: load every one now, to check it and show it in the screenshot.
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(i => i.complete)")
        if page.evaluate("document.documentElement.lang") != page_type.lang:
            problems.append(f"<html lang> is not {page_type.lang}")
        broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
        problems += [f"picture does not decode: {src}" for src in broken]
        page.evaluate("document.fonts.ready")
        if not page.evaluate("[...document.fonts].some(f => f.family.includes('Be Vietnam Pro') && f.status === 'loaded')"):
            problems.append("the self-hosted Be Vietnam Pro face did not load")
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append("the page scrolls sideways")

        # For reviewers, as a visitor first sees it (before tabbing scrolls it): the whole page, or the
        # open search results.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = f"{page_type.name}-{viewport}"
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=not page_type.search, animations="disabled")

        page.add_script_tag(path=str(AXE))
        axe = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        for violation in axe["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            problems.append(f"axe {violation['impact']} {violation['id']}: {violation['help']} ({targets})")

        problems += [f"focus not visible enough on {html}" for html in _tab_through(page, 30)]

        (ARTIFACTS / f"{stem}.json").write_text(json.dumps({
            "page": page_type.name, "path": page_type.path, "viewport": viewport, "bytes": weight, "budget": budget,
            "requests": len(seen["sizes"]), "axe_passes": len(axe["passes"]), "problems": problems,
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        page.context.close()
    assert problems == [], "\n".join([f"{page_type.name} ({viewport}, {url}):", *problems])


# The focused element's ring: its width and its contrast with the colour behind it (the nearest ancestor's
# background colour, or every colour of its background gradient), WCAG 1.4.11's 3:1 for visual cues; and
# whether the element is on the screen at all (a closed drawer's links are not).
_FOCUS_RING = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => (v /= 255) <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  let behind = [[255, 255, 255]];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    const colours = (style.backgroundImage.match(/rgba?\\([^)]*\\)/g) || []).map(rgb).filter(c => c.length < 4 || c[3] > .5);
    const colour = rgb(style.backgroundColor);
    if (colours.length) { behind = colours; break; }
    if (colour.length === 3 || colour[3] > .5) { behind = [colour]; break; }
  }
  const s = getComputedStyle(el);
  const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  return {html: el.outerHTML.slice(0, 140), width, onScreen,
          contrast: Math.min(...behind.map(c => contrast(rgb(s.outlineColor), c)))};
}"""


def _tab_through(page, steps: int) -> list[str]:
    """Press Tab up to `steps` times; the focused elements whose focus ring is missing, thin or faint."""
    faint = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body || document.activeElement === null"):
            break
        ring = page.evaluate_handle("document.activeElement").evaluate(_FOCUS_RING)
        if not ring["onScreen"]:
            faint.append(f"{ring['html']} (off the screen)")
        elif ring["width"] < 2 or ring["contrast"] < 3:
            faint.append(f"{ring['html']} (ring {ring['width']}px, contrast {ring['contrast']:.1f}:1)")
    return faint


# --- The whole built site -----------------------------------------------------------------------------------


@browser_test  # the Nu HTML Checker: Java and npm's vnu-jar
def test_generated_html_is_valid(sample_site):
    """The Nu HTML Checker finds no error, and not even a warning, in any page of the built site."""
    site, _ = sample_site
    run = subprocess.run(["java", "-Xss16m", "-jar", str(VNU), "--skip-non-html", "--format", "json", str(site)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr)["messages"]  # errors and warnings alike
    found = [f"{unquote(m.get('url', '')).split(str(site))[-1]}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
             for m in messages]
    assert found == [], "\n".join(found[:40])


_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


class _References(HTMLParser):
    """Collects the ids of a page, the addresses it links to or loads, and its pictures' attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag in ("a",) else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src", "poster", "data"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.refs.append((tag, a[key]))
        for key in ("srcset", "imagesrcset"):
            for candidate in a.get(key, "").split(","):
                if candidate.strip():
                    self.refs.append((tag, candidate.split()[0]))
        if tag == "meta" and a.get("property", a.get("name", "")) in ("og:image", "twitter:image", "og:url"):
            self.refs.append((tag, a.get("content", "")))


def _parse_pages(site: Path) -> dict[str, _References]:
    """Every HTML page of the built site, by its path in the site."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        parser = _References()
        parser.feed(file.read_text(encoding="utf-8"))
        pages[file.relative_to(site).as_posix()] = parser
    return pages


def test_every_picture_has_a_vietnamese_text_alternative(sample_site):
    """Portraits and QR codes say what they show; decorative pictures are marked so (alt="")."""
    site, _ = sample_site
    missing, named = [], []
    for name, parser in _parse_pages(site).items():
        for image in parser.images:
            alt, src = image.get("alt"), image.get("src") or ""
            if alt is None:
                missing.append(f"{name}: {src}")
            elif "vd-profile__image" in (image.get("class") or "") or "/qr/" in src:
                named.append(alt)
                if len(alt) < 10:
                    missing.append(f"{name}: {src} has alt {alt!r}")
            elif alt and alt.isascii():
                missing.append(f"{name}: {src} has alt {alt!r}, not Vietnamese")
    assert missing == []
    assert any(alt.startswith("Ảnh minh họa chân dung") for alt in named)
    assert any(alt.startswith("Mã QR dẫn tới trang của") for alt in named)


def test_no_broken_internal_link_or_missing_asset(sample_site):
    """Every link, anchor, picture, script, stylesheet and font the built site refers to exists."""
    site, _ = sample_site
    public = "https://example.github.io" + SITE_PATH
    pages = _parse_pages(site)
    css_refs = {file.relative_to(site).as_posix(): _CSS_URL.findall(file.read_text(encoding="utf-8"))
                for file in site.rglob("*.css")}

    def target(base: str, ref: str) -> tuple[str, str] | None:
        """The site file and fragment `ref` points to, or None when it leaves the site."""
        absolute = urljoin(public + base, ref)
        if not absolute.startswith(public):
            return None
        parts = urlsplit(absolute)
        path = unquote(parts.path)[len(SITE_PATH):]
        if path == "" or path.endswith("/"):
            path += "index.html"
        return path, parts.fragment

    broken = []
    for name, parser in pages.items():
        base = name.removesuffix("index.html")  # 404.html, served at any address, has absolute links
        for tag, ref in parser.refs:
            if ref.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            found = target(base, ref)
            if found is None:
                continue
            path, fragment = found
            if not (site / path).is_file():
                broken.append(f"{name}: <{tag}> {ref} -> {path} does not exist")
            elif fragment and path.endswith(".html") and fragment not in pages[path].ids:
                broken.append(f"{name}: <{tag}> {ref} -> no #{fragment} in {path}")
    for name, refs in css_refs.items():
        for _, ref in refs:
            if ref.startswith(("data:", "#")):
                continue
            found = target(name, ref)
            if found and not (site / found[0]).is_file():
                broken.append(f"{name}: url({ref}) -> {found[0]} does not exist")
    assert len(pages) > 40
    assert broken == [], "\n".join(broken[:40])
