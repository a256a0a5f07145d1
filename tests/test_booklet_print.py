"""The printed booklet read back with poppler (`make browser` installs it): every published name and no other,
in the site's order; the contents' page numbers lead to the right pages; every font embedded; hostile text
printed as text; a picture of the first pages and of a chapter kept with the quality screenshots."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.load import Paths, load_site
from tests.golden import REPO
from tests.helpers import BROWSER, CREATED, TODAY, hostile_booklet

pytestmark = [*BROWSER, pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext (make browser)")]

ARTIFACTS = Path(os.environ.get("VINHDANH_ARTIFACTS", REPO / "artifacts")) / "quality"
"""Where tests/test_quality.py keeps its screenshots: the booklet's pictures go beside them."""


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of `pdf` (pages `first` to `last`), white space folded."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def booklet(sample_site) -> Path:
    return sample_site[0] / "hoi-nghi" / "ky-yeu.pdf"


@pytest.fixture(scope="module")
def site():
    return load_site(Paths.at(REPO), today=TODAY)


def chapters_text(booklet: Path, site) -> str:
    """The text from the first chapter on (the program names some exemplars before)."""
    whole = text(booklet)
    return whole[whole.index("ĐIỂN HÌNH TIÊN TIẾN"):]


def test_every_published_name_in_order_and_no_other(booklet, site):
    chapters = chapters_text(booklet, site)
    at = 0
    for profile in site.profiles:  # each found after the one before (a name may also be in another's story)
        at = chapters.find(profile.display_name, at)
        assert at != -1, profile.display_name
    whole = text(booklet)
    assert site.skipped
    assert [p.name for p in site.skipped if p.name in whole] == []


def contents(booklet: Path) -> list[tuple[str, int]]:
    """The contents' entries: (name, page), read from its pages (`Mục lục` up to the index's entry)."""
    layout = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "8", str(booklet), "-"],
                            capture_output=True, text=True, check=True).stdout
    toc = layout[layout.index("Mục lục"):]
    toc = toc[:toc.index("Danh mục tên và đơn vị") + 200]
    return [(m.group(1).strip(), int(m.group(2))) for m in re.finditer(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", toc, re.M)]


def test_the_contents_page_numbers_lead_to_each_chapter(booklet, site):
    entries = contents(booklet)
    names = [p.display_name for p in site.profiles]
    assert [name for name, _ in entries[:len(names)]] == names
    for name, page in entries:
        assert name in text(booklet, page, page), (name, page)
    pages = [page for _, page in entries]
    assert pages == sorted(pages)


def test_the_index_gives_each_name_its_page(booklet, site):
    entries = dict(contents(booklet))
    whole = text(booklet)
    index = whole[whole.rindex("Tên điển hình"):]
    for profile in site.profiles:
        assert f"{profile.display_name}, {entries[profile.display_name]}" in index


def test_each_chapters_qr_code_scans_to_its_page(booklet, site, tmp_path):
    """Printed at 150 dpi (less than any office printer) and read by a QR decoder, as a delegate's phone would:
    one code a chapter, in order, each the address of that exemplar's page."""
    if not shutil.which("zbarimg") and not os.environ.get("CI"):
        pytest.skip("no zbarimg (make browser installs zbar-tools)")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(booklet), str(tmp_path / "trang")], check=True)
    read = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                           *sorted(map(str, tmp_path.glob("trang-*.png")))], capture_output=True, text=True)
    assert read.returncode in (0, 4), read.stderr  # 4: a page without a code (the cover, the contents)
    base = "https://example.github.io/vinhdanh/ho-so/"
    assert read.stdout.split() == [f"{base}{profile.slug}/" for profile in site.profiles]


def test_every_font_is_embedded(booklet):
    lines = subprocess.run(["pdffonts", str(booklet)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, *_, emb, sub, uni, _, _ = line.split()
        assert "BeVietnamPro" in name and (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_vietnamese_letters_come_back_whole(booklet):
    whole = text(booklet)
    for words in ("Chương trình Hội nghị", "Mục lục", "Lời giới thiệu", "Khen thưởng", "Đặng Thị Thu Hường",
                  "Danh mục tên và đơn vị", "Thành tích nổi bật"):
        assert words.upper() in whole.upper()


def test_hostile_text_is_printed_as_text(tmp_path):
    from generator.booklet import lay_out

    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(lay_out(hostile_booklet(), "A4", CREATED))
    whole = text(pdf)
    assert "<b>Tên</b> & {{ x }}" in whole and "<script>alert(1)</script>" not in whole  # the name, as typed
    assert "ư" * 40 in whole.replace(" ", "")


def test_a_picture_of_the_first_pages_and_a_chapter(booklet, site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    first = dict(contents(booklet))[site.profiles[0].display_name]
    for name, (start, end) in {"booklet-front": (1, 5), "booklet-chapter": (first, first + 1)}.items():
        prefix = ARTIFACTS / name
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(start), "-l", str(end), str(booklet), str(prefix)],
                       check=True)
    pictures = sorted(ARTIFACTS.glob("booklet-*.png"))
    assert len(pictures) >= 7
