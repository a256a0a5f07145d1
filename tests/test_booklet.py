"""The printed booklet (kỷ yếu): what it says without poppler (contexts, the command, the build's file), and
with poppler what is on its pages (names in order, the contents' page numbers, fonts, a picture)."""

from __future__ import annotations

import re

import pytest

from generator.booklet import PAPERS, lay_out, plain_paragraphs
from generator.load import Paths, load_site
from generator.render_booklet import index_entries
from tests.golden import REPO
from tests.helpers import CREATED, INDIVIDUAL, TODAY, hostile_booklet, run


def sample() -> object:
    return load_site(Paths.at(REPO), today=TODAY)


def test_only_published_profiles_are_in_the_index_in_vietnamese_order():
    site = sample()
    names, units = index_entries(site)
    published = {p.display_name for p in site.profiles}
    assert {e.name for e in names} == published
    assert site.skipped, "the sample has drafts, scheduled profiles or people without consent"
    assert not {p.display_name for p in site.skipped} & {e.name for e in names}
    assert sum(len(u.anchors) for u in units) == len(site.profiles)


def test_the_command_writes_an_a5_pdf(project, tmp_path):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình").replace(
        "consent:\n  date: \"2025-05-20\"\n", "draft: true\n"))
    out = tmp_path / "in" / "ky-yeu.pdf"
    assert run(project, "booklet", "--size", "a5", "-o", str(out)) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    width, height = (float(x) for x in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)


def test_the_command_stops_on_errors(project, tmp_path, capsys):
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: khong-co"))
    assert run(project, "booklet", "-o", str(tmp_path / "x.pdf")) == 1
    assert "Chưa tạo kỷ yếu" in capsys.readouterr().out
    assert not (tmp_path / "x.pdf").exists()


def test_the_build_publishes_the_booklet_and_the_conference_pages_link_it(sample_site):
    site_dir, _ = sample_site
    assert (site_dir / "hoi-nghi" / "ky-yeu.pdf").read_bytes().startswith(b"%PDF-")
    for page in ("hoi-nghi/index.html", "hoi-nghi/chuong-trinh/index.html"):
        assert 'href="../ky-yeu.pdf"' in (site_dir / page).read_text(encoding="utf-8") or \
            'href="ky-yeu.pdf"' in (site_dir / page).read_text(encoding="utf-8")


def test_the_same_inputs_give_the_same_bytes():
    from generator.booklet import booklet_bytes  # noqa: F401  (the build's path is tested by the golden snapshot)

    booklet = hostile_booklet()
    assert lay_out(booklet, "A4", CREATED) == lay_out(booklet, "A4", CREATED)


def test_plain_paragraphs_of_a_story():
    assert plain_paragraphs("<p>Một &amp; hai</p><ul><li>ba</li><li>bốn <b>năm</b></li></ul>") == \
        ["Một & hai", "ba", "bốn năm"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("size", sorted(PAPERS))
def test_hostile_text_is_laid_out_without_hanging(size):
    pdf = lay_out(hostile_booklet(), size, CREATED)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) < 20  # long words wrap; nothing runs away


def test_a_qr_codes_shapes_cover_exactly_its_dark_modules():
    from generator.booklet import qr_squares
    from generator.qr import qr_modules

    for address in ("https://example.github.io/vinhdanh/ho-so/a/", "https://vinhdanh.example/ho-so/" + "x" * 120):
        modules = qr_modules(address)
        covered = [[0] * len(modules) for _ in modules]
        for c, r, w, h in qr_squares(address):
            for y in range(r, r + h):
                for x in range(c, c + w):
                    covered[y][x] += 1
        assert covered == [[int(dark) for dark in row] for row in modules]


def test_the_qr_memo_keeps_the_codes_of_the_last_layout_and_survives_a_bad_file(tmp_path):
    from generator.booklet import QrMemo, qr_squares

    a, b = "https://example.github.io/vinhdanh/ho-so/a/", "https://example.github.io/vinhdanh/ho-so/b/"
    path = tmp_path / "qr.json"
    path.write_text('{"' + a + '": [["x", 1, 2, 3]], "' + b + '": 5}', encoding="utf-8")
    memo = QrMemo(path)
    assert memo.squares(a) == qr_squares(a) and memo.squares(b) == qr_squares(b)  # made again, not drawn wrong
    memo.save()
    again = QrMemo(path)
    assert again.known.keys() == {a, b} and again.squares(a) == qr_squares(a)
    again.save()  # used: only a
    assert QrMemo(path).known.keys() == {a}
    path.write_text("{not json", encoding="utf-8")
    assert QrMemo(path).squares(b) == qr_squares(b)
