"""The search query battery: queries as Vietnamese readers type them, the profile pages each should find,
and a runner that types them into a site's real search box in headless Chromium.

Used by tests/test_search.py (the site's Pagefind box, sample site and a synthetic large site) and by
bench/search_speed.py (which also runs it against Material's built-in search, for the design note).
"""

from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass, field


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@dataclass(frozen=True)
class Query:
    """One query of the battery: what is typed, the profile pages (slugs) expected in the top 5, and the
    pages allowed in first place when the query has exact diacritics that must rank first."""

    text: str
    expected: tuple[str, ...]
    first: tuple[str, ...] = ()
    kind: str = ""


def Q(text: str, *expected: str, first: tuple[str, ...] = (), kind: str = "") -> Query:
    return Query(text, expected, first, kind)


HUONG = "dang-thi-thu-huong"
LINH = "duong-thi-my-linh"
DUONG = "nguyen-van-duong"
SON = "hoang-van-son"
HANG = "le-thi-hang"
PHUONG = "ngo-thi-phuong"
KHANH = "phung-ba-khanh"
ANH = "tran-thi-ngoc-anh"
TUAN = "trinh-minh-tuan"
LOI = "vu-duc-loi"
DOAN = "doan-thanh-nien-ban-quan-ly"
EHS = "phong-an-toan-moi-truong-hai-dang"
QLDT = "tap-the-phong-quan-ly-dau-tu"
SMT = "to-smt-so-2-sao-mai"

BATTERY: list[Query] = [
    # Names, with and without diacritics.
    Q("Đặng Thị Thu Hường", HUONG, first=(HUONG,), kind="name"),
    Q("dang thi thu huong", HUONG, first=(HUONG,), kind="name, no diacritics"),
    Q("thu huong", HUONG, kind="name, no diacritics"),
    Q("Nguyễn Văn Dương", DUONG, first=(DUONG,), kind="name"),
    Q("nguyen van duong", DUONG, first=(DUONG,), kind="name, no diacritics"),
    Q("duong thi my linh", LINH, first=(LINH,), kind="name, no diacritics"),
    Q("Dương", LINH, DUONG, first=(LINH, DUONG), kind="exact diacritics first"),
    Q("duong", LINH, DUONG, kind="no diacritics"),
    Q("Đường", SON, KHANH, first=(SON, KHANH), kind="exact diacritics first"),
    Q("hoang van son", SON, first=(SON,), kind="name, no diacritics"),
    Q("Lê Thị Hằng", HANG, first=(HANG,), kind="name"),
    Q("le thi hang", HANG, first=(HANG,), kind="name, no diacritics"),
    Q("ngo thi phuong", PHUONG, first=(PHUONG,), kind="name, no diacritics"),
    Q("Phượng", PHUONG, first=(PHUONG,), kind="name"),
    Q("phung ba khanh", KHANH, first=(KHANH,), kind="name, no diacritics"),
    Q("Ngọc Ánh", ANH, first=(ANH,), kind="name"),
    Q("trinh minh tuan", TUAN, first=(TUAN,), kind="name, no diacritics"),
    Q("vu duc loi", LOI, first=(LOI,), kind="đ folded"),
    Q("Vũ Đức Lợi", LOI, first=(LOI,), kind="name"),
    Q("dang", HUONG, first=(HUONG,), kind="đ folded, name above story"),
    Q("Đặng", HUONG, first=(HUONG,), kind="name"),
    Q("doan thanh nien", DOAN, TUAN, kind="đ folded"),
    # Unicode NFD and old/new tone placement.
    Q(nfd("Đặng Thị Thu Hường"), HUONG, first=(HUONG,), kind="NFD"),
    Q(nfd("Nguyễn Văn Dương"), DUONG, first=(DUONG,), kind="NFD"),
    Q(nfd("Hòa Lạc"), KHANH, HUONG, DOAN, ANH, kind="NFD"),
    Q("Hoà Lạc", KHANH, HUONG, DOAN, ANH, kind="old tone placement"),
    Q("hoa lac", KHANH, HUONG, DOAN, ANH, kind="no diacritics"),
    Q("Thoả thuận", kind="old tone placement (no page expected)"),
    # Partial syllables (prefixes).
    Q("phuon", PHUONG, kind="prefix"),
    Q("trinh min", TUAN, kind="prefix"),
    Q("ngoc an", ANH, kind="prefix"),
    Q("Hườ", HUONG, kind="prefix"),
    # Units, by name, short name or alias.
    Q("Phòng Quản lý đầu tư", QLDT, HUONG, kind="unit"),
    Q("quan ly dau tu", QLDT, HUONG, kind="unit, no diacritics"),
    Q("Phòng TNMT", LINH, kind="unit alias"),
    Q("tai nguyen moi truong", LINH, kind="unit, no diacritics"),
    Q("sao mai", SMT, PHUONG, kind="unit"),
    Q("uom mam", ANH, kind="unit, no diacritics"),
    Q("hai dang", EHS, kind="unit, đ folded"),
    Q("canh dieu", SON, kind="unit, no diacritics"),
    Q("DVHTDN", LOI, kind="unit abbreviation"),
    # Positions.
    Q("Phó Tổng Giám đốc", ANH, kind="position"),
    Q("ky thuat vien bao tri", SON, kind="position, no diacritics"),
    Q("doi truong", KHANH, kind="position, đ folded"),
    # Award titles (2022 and 2003 wordings) and their abbreviations.
    Q("Chiến sĩ thi đua Thành phố", HANG, HUONG, ANH, kind="award"),
    Q("bang khen thu tuong", ANH, kind="award, no diacritics"),
    Q("Tập thể lao động xuất sắc", EHS, QLDT, kind="award"),
    Q("co thi dua", QLDT, kind="award, no diacritics"),
    Q("ky niem chuong", ANH, kind="award, no diacritics"),
    Q("CSTĐ thành phố", HANG, HUONG, ANH, kind="abbreviation"),
    Q("cstd thanh pho", HANG, HUONG, ANH, kind="abbreviation, đ folded"),
    # Movements.
    Q("Sáng kiến, sáng tạo Thủ đô", HUONG, PHUONG, SMT, ANH, kind="movement"),
    Q("van hoa cong so", HANG, QLDT, kind="movement, no diacritics"),
    Q("tu chu tai chinh", LOI, kind="movement, no diacritics"),
    Q("hoc tap suot doi", DOAN, ANH, kind="movement, no diacritics"),
    # Abbreviations of the Board's documents.
    Q("KCNC Hòa Lạc", KHANH, HUONG, DOAN, ANH, kind="abbreviation"),
    Q("khu cong nghe cao hoa lac", KHANH, HUONG, DOAN, ANH, kind="abbreviation expanded"),
    Q("KCN Thăng Long", SMT, kind="abbreviation"),
    Q("khu công nghiệp Thăng Long", SMT, kind="abbreviation expanded"),
    Q("112/QĐ-BQL", HUONG, kind="decision number"),
    Q("qd-bql 112", HUONG, kind="decision number, đ folded"),
    # Punctuation around words.
    Q("(Hòa Lạc)", KHANH, HUONG, DOAN, ANH, kind="brackets"),
    Q("\"Giọt hồng\"", DOAN, kind="quotes"),
    Q("SMT/EHS", kind="slash (no page has both)"),
    Q("EHS", EHS, kind="abbreviation in brackets"),
    # The story.
    Q("phieu kiem tra ho so mot lan", HUONG, first=(HUONG,), kind="story, no diacritics"),
    Q("Chuyến xe mùa xuân", DOAN, kind="story"),
    Q("nuoc thai", LINH, kind="story, no diacritics"),
    Q("bo mach dien tu", SMT, PHUONG, kind="story, no diacritics"),
]
"""At least 40 queries; those without an expected page only check that nothing breaks."""


def recall_at_5(expected: tuple[str, ...], found: list[str]) -> float:
    """Share of the expected pages among the first five found (of at most five expected)."""
    if not expected:
        return 1.0
    return len(set(expected) & set(found[:5])) / min(len(expected), 5)


@dataclass
class BatteryResult:
    engine: str
    rows: list[dict] = field(default_factory=list)

    @property
    def scored(self) -> list[dict]:
        return [r for r in self.rows if r["expected"]]

    @property
    def recall(self) -> float:
        rows = self.scored
        return sum(r["recall"] for r in rows) / len(rows)

    @property
    def first_failures(self) -> list[dict]:
        return [r for r in self.rows if r["first"] and (not r["found"] or r["found"][0] not in r["first"])]

    @property
    def misses(self) -> list[dict]:
        return [r for r in self.scored if r["recall"] < 1]

    def summary(self) -> str:
        lines = [f"{self.engine}: recall@5 {self.recall:.3f} over {len(self.scored)} queries; "
                 f"exact-first failures {len(self.first_failures)}"]
        for r in self.misses:
            lines.append(f"  miss {r['query']!r} ({r['kind']}): expected {r['expected']}, found {r['found'][:5]}")
        for r in self.first_failures:
            lines.append(f"  not first {r['query']!r}: expected one of {r['first']}, found {r['found'][:3]}")
        return "\n".join(lines)


def _slugs(urls: list[str]) -> list[str]:
    out: list[str] = []
    for url in urls:
        path = url.split("#")[0].split("?")[0]
        if "/ho-so/" in path:
            slug = path.split("/ho-so/")[1].strip("/")
            if slug not in out:
                out.append(slug)
        elif path not in out:
            out.append(path)
    return out


def search_site_box(page, query: str, timeout: float = 10.0) -> list[str]:
    """Type `query` into the site's header search box (Pagefind); return result slugs in order."""
    box = page.locator("#vd-search-input")
    if not box.is_visible():
        page.locator(".vd-search__toggle").click()
    box.fill("")
    box.fill(query)
    wanted = " ".join(unicodedata.normalize("NFC", query).split())
    page.wait_for_function("q => document.querySelector('[data-vd-search]').getAttribute('data-query') === q",
                           arg=wanted, timeout=timeout * 1000)
    return _slugs(page.eval_on_selector_all(".vd-search__link", "links => links.map(a => a.href)"))


def search_material_box(page, query: str, settle: float = 0.5) -> list[str]:
    """Type `query` into Material's built-in search box; return result slugs in order."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    time.sleep(settle)
    hrefs = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                      "links => links.map(a => a.href)")
    return _slugs(hrefs)


def run_battery(page, engine: str, battery: list[Query] | None = None) -> BatteryResult:
    """Run the battery in `page` (already on the site) with `engine` "pagefind" or "material"."""
    search = search_site_box if engine == "pagefind" else search_material_box
    result = BatteryResult(engine)
    for query in battery or BATTERY:
        try:
            found = search(page, query.text)
        except Exception as error:  # a query that breaks the box counts as finding nothing
            found = [f"error: {type(error).__name__}"]
        result.rows.append({"query": query.text, "kind": query.kind, "expected": list(query.expected),
                            "first": list(query.first), "found": found,
                            "recall": recall_at_5(query.expected, found)})
    return result


if __name__ == "__main__":
    print(json.dumps([q.__dict__ for q in BATTERY], ensure_ascii=False, indent=1))
