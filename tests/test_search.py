"""Search: the terms added to the index, and the query battery typed into the real search box in headless
Chromium, on the sample site and on a synthetic large site (sample profiles among 300 competitors)."""

from __future__ import annotations

import gzip
import logging
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import search
from generator.load import Paths
from generator.problems import BuildFailed
from generator.publish import build_site
from generator.search import (
    SearchIndexer,
    SearchIndexError,
    abbreviation_terms,
    build_search_index,
    search_terms,
    words,
)
from tests.helpers import DESKTOP, INDIVIDUAL, PHONE, TODAY, browser_test, build, serve, use_cache
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


# --- the index, made while MkDocs writes the site -------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_made_during_the_build_is_the_command_lines(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site[0], site, ignore=shutil.ignore_patterns("pagefind"))
    cli = _files(build_search_index(site))
    shutil.rmtree(site / "pagefind")
    # Handed over in the order the command line reads them (the file system's), the pages give the same bytes.
    # Its walk is depth-first in the directory's own order, a folder entered where it is listed (not `os.walk`'s
    # files first: the two differ once a folder holds a page and folders after it, as `cuoc-thi-viet/2025/`).
    def walk(folder: Path) -> list[Path]:
        found = []
        for entry in os.scandir(folder):
            if entry.is_dir():
                found += walk(Path(entry.path))
            elif entry.name.endswith(".html"):
                found.append(Path(entry.path))
        return found

    indexer = SearchIndexer(site)
    for path in walk(site):
        indexer.add(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
    assert _files(indexer.write()) == cli
    # The build hands them over in its own order: the same pages, each indexed alike (the fragments, named by
    # their content); only their numbering in the index differs, the same on any machine.
    built = _files(sample_site[0] / "pagefind")
    differ = {p for p in built.keys() | cli.keys() if built.get(p) != cli.get(p)}
    assert differ and all(p.startswith("index/") or p.endswith(".pf_meta") or p == "pagefind-entry.json"
                          for p in differ)
    # The profiles, the articles and the contest's round and entries alone (`data-pagefind-body`): 14, 4 and 7;
    # in English, the profiles' English pages and the hand-written About page (`vd_search: true`).
    assert len([p for p in built if p.startswith("fragment/vi_")]) == 25
    assert len([p for p in built if p.startswith("fragment/en_")]) == 14 + 1


def test_the_index_holds_html_files_written_outside_the_pages(tmp_path):
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "x" / "index.html").write_text('<html lang="vi"><body><p>trang</p></body></html>', encoding="utf-8")
    (site / "404.html").write_text('<html lang="vi"><body><p data-pagefind-body>khôngthấy</p></body></html>',
                                   encoding="utf-8")
    indexer = SearchIndexer(site)
    indexer.add("x/index.html", '<html lang="vi"><body><p data-pagefind-body>đãviết</p></body></html>')
    out = indexer.write()
    texts = [gzip.decompress(p.read_bytes()).decode() for p in (out / "fragment").iterdir()]
    assert sorted(t for text in texts for t in ("đãviết", "khôngthấy", "trang") if t in text) == ["khôngthấy", "đãviết"]
    assert any('"url":"/404.html"' in text for text in texts) and any('"url":"/x/"' in text for text in texts)


def test_without_any_body_element_every_page_is_indexed(tmp_path):
    # Pages without `data-pagefind-body` are held back, but indexed whole when no page has one (a page that
    # only names the attribute in its text has none).
    site = tmp_path / "site"
    site.mkdir()
    pages = {"index.html": "<p>trangchủ</p>", "a/index.html": "<p>thuộctính data-pagefind-body</p>"}
    indexer = SearchIndexer(site)
    for path, body in pages.items():
        (site / path).parent.mkdir(exist_ok=True)
        (site / path).write_text(f'<html lang="vi"><body>{body}</body></html>', encoding="utf-8")
        indexer.add(path, (site / path).read_text(encoding="utf-8"))
    assert indexer.held_back == ["index.html"] and not indexer.has_body
    texts = [gzip.decompress(p.read_bytes()).decode() for p in (indexer.write() / "fragment").iterdir()]
    assert len(texts) == 2 and any("trangchủ" in text for text in texts)


def _pagefind_children() -> list[str]:
    """Command lines of this process's children that run Pagefind."""
    found = []
    for task in os.listdir("/proc/self/task"):
        for child in Path(f"/proc/self/task/{task}/children").read_text().split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except FileNotFoundError:
                continue
            if "pagefind" in command:
                found.append(command)
    return found


def test_a_build_leaves_no_process_behind(project):
    project.write("profiles/an.md", INDIVIDUAL)
    build(project)
    assert (project.root / "site/pagefind/pagefind.js").is_file()
    assert _pagefind_children() == []


def _fake_pagefind(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "pagefind"
    script.write_text(f"#!{sys.executable}\nimport base64, json, sys\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_what_pagefind_says_stops_the_build_in_vietnamese(project, tmp_path, monkeypatch, caplog):
    # A service that creates the index, then refuses every page.
    answering = _fake_pagefind(tmp_path, """
def answer(n, payload):
    sys.stdout.write(base64.b64encode(json.dumps({"message_id": n, "payload": payload}).encode()).decode() + ",")
    sys.stdout.flush()
data = b""
while chunk := sys.stdin.buffer.read1(65536):
    data += chunk
    while b"," in data:
        message, data = data.split(b",", 1)
        request = json.loads(base64.b64decode(message))
        kind = request["payload"]["type"]
        answer(request["message_id"], {"type": "NewIndex", "index_id": 0} if kind == "NewIndex"
               else {"type": "Error", "message": "Failed to add file", "original_message": None})""")
    monkeypatch.setattr(search, "pagefind_executable", lambda: answering)
    indexer = SearchIndexer(tmp_path)
    indexer.add("a/index.html", "<html><body><p data-pagefind-body>a</p></body></html>")
    with pytest.raises(SearchIndexError, match="^Pagefind không tạo được chỉ mục tìm kiếm: Failed to add file$"):
        indexer.write()
    assert _pagefind_children() == []
    # One that stops at once, saying why.
    monkeypatch.setattr(search, "pagefind_executable", lambda: _fake_pagefind(tmp_path, "sys.exit('hỏng rồi')"))
    with pytest.raises(SearchIndexError, match="^Pagefind không tạo được chỉ mục tìm kiếm: hỏng rồi$"):
        SearchIndexer(tmp_path).add("a/index.html", "<p data-pagefind-body>a</p>")
    # In a build: MkDocs says why and stops at the first profile, and no Pagefind is left running.
    project.write("profiles/an.md", INDIVIDUAL)
    caplog.set_level(logging.ERROR)
    with pytest.raises(BuildFailed):
        build(project)
    assert "Pagefind không tạo được chỉ mục tìm kiếm: hỏng rồi" in caplog.messages
    assert _pagefind_children() == []


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
