"""The writing contest (cuộc thi viết): rounds and entries checked like articles (every problem with file, line
and field; unknown profile ids with a guess; a profile with errors a warning; hostile text), entries public
only once their round's results are, an author's name only with consent, the report's counts."""

from __future__ import annotations

import time

import pytest

from generator import report
from generator.derive import DerivedFiles, Media
from generator.problems import InputError
from generator.render_contest import render_contest
from generator.templates import Templates
from tests.helpers import INDIVIDUAL, build

ROUND = """
title: Cuộc thi viết năm 2025
published: true
results_on: "2025-05-30"
"""

ENTRY = """
---
title: Người giữ nhịp
author: Trần Minh Châu
unit: Văn phòng Ban Quản lý
consent: "2025-05-12"
profile: an
received: "2025-04-18"
result: giải Nhất
---

Ông An rút ngắn thời gian giải quyết hồ sơ.
"""


def problems_of(project) -> list[str]:  # noqa: D103
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def pages_of(site) -> dict[str, str]:  # noqa: D103
    templates = Templates()
    media = Media(DerivedFiles(None, site.problems), templates)
    return {p.src_uri: str(p.html) for p in render_contest(site, media, templates)}


def test_several_broken_entries_are_all_reported_with_file_and_line(project):
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND.replace('"2025-05-30"', '"31/2/2025"'))
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: nguyen-van-anh")
                  .replace("giải Nhất", "giải Đặc biệt"))
    project.write("contest/2025/b.md", "---\ntitle: Bài thiếu\nprofile: nguyen-van-an\n---\n\nNội dung.\n")
    project.write("contest/2025/c.md", "Chỉ có nội dung.\n")
    project.write("contest/2024/a.md", ENTRY)
    assert problems_of(project) == [
        "contest/2024: thiếu tệp dot-thi.yml (tên đợt thi, đã công bố kết quả chưa)",
        "contest/2025/a.md:6: profile: không có hồ sơ nào có mã 'nguyen-van-anh'; có phải ý bạn là 'nguyen-van-an' "
        "(Nguyễn Văn An)?",
        "contest/2025/a.md:8: result: không có mức giải 'giải Đặc biệt'. Dùng một trong: nhat (Giải Nhất), nhi "
        "(Giải Nhì), ba (Giải Ba), khuyen-khich (Giải Khuyến khích), hoặc bỏ trống khi không đạt giải",
        "contest/2025/b.md:2: author: thiếu trường bắt buộc",
        "contest/2025/b.md:2: received: thiếu trường bắt buộc",
        "contest/2025/b.md:2: unit: thiếu trường bắt buộc",
        "contest/2025/c.md:1: thiếu phần thông tin đầu tệp (front matter) giữa hai dòng '---': tên bài (title), tác "
        "giả (author), đơn vị (unit), ngày nhận bài (received)",
        "contest/2025/dot-thi.yml:3: results_on: ngày không hợp lệ '31/2/2025' (dùng dạng 2025-06-19 hoặc 19/6/2025)",
    ]


def test_an_entry_about_a_profile_with_errors_is_a_warning_and_the_name_is_shown_unlinked(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("kind: individual", "kind: nguoi"))
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nabout: Nguyễn Văn An"))
    with pytest.raises(InputError) as caught:
        project.load()
    assert [str(p) for p in caught.value.problems.sorted() if p.path.startswith("contest")] == [
        "contest/2025/a.md:6: profile: cảnh báo: hồ sơ 'an' có lỗi (xem profiles/an.md); bài dự thi không liên kết "
        "tới hồ sơ này cho tới khi sửa xong lỗi"]


def test_round_page_lists_entries_by_prize_and_links_the_profiles(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY)
    project.write("contest/2025/b.md", ENTRY.replace("title: Người giữ nhịp", "title: Bài thứ hai")
                  .replace("result: giải Nhất\n", "").replace("profile: an", "about: Tổ Bảo trì số 1"))
    site = project.load()
    pages = pages_of(site)
    assert list(pages) == ["cuoc-thi-viet/index.md", "cuoc-thi-viet/2025/index.md", "cuoc-thi-viet/2025/a.md",
                           "cuoc-thi-viet/2025/b.md"]
    round_page = pages["cuoc-thi-viet/2025/index.md"]
    assert "<h2>Giải Nhất</h2>" in round_page and "<h2>Các bài dự thi khác</h2>" in round_page
    assert '<a href="../../ho-so/an/">Nguyễn Văn An</a>' in round_page
    assert "Viết về: Tổ Bảo trì số 1</span>" in round_page
    # Beside each entry, its exemplar's picture (here the initials: no photo); none for a name alone.
    assert round_page.count('class="vd-contest__photo vd-placeholder"') == 1 and ">NA</text>" in round_page
    assert '<a href="2025/">Cuộc thi viết năm 2025</a> <span class="vd-chips__count">(2 bài dự thi)</span>' \
        in pages["cuoc-thi-viet/index.md"]
    entry = pages["cuoc-thi-viet/2025/a.md"]
    assert "<dt>Kết quả</dt><dd>Giải Nhất</dd>" in entry
    assert "Tác giả: <span class=\"vd-article__author\">Trần Minh Châu</span> · Văn phòng Ban Quản lý" in entry
    assert "<p>Ông An rút ngắn thời gian giải quyết hồ sơ.</p>" in entry


def test_entries_are_not_public_before_the_results(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND.replace('"2025-05-30"', '"2025-07-01"'))
    project.write("contest/2025/a.md", ENTRY)
    project.write("contest/2024/dot-thi.yml", "title: Đợt 2024\npublished: false\n")
    project.write("contest/2024/a.md", ENTRY)
    pages = pages_of(project.load())
    assert list(pages) == ["cuoc-thi-viet/index.md"]
    assert "<li>Cuộc thi viết năm 2025: <em>đang chấm, kết quả công bố ngày 1/7/2025</em></li>" in pages["cuoc-thi-viet/index.md"]
    assert "<li>Đợt 2024: <em>đang chấm</em></li>" in pages["cuoc-thi-viet/index.md"]
    assert "Người giữ nhịp" not in pages["cuoc-thi-viet/index.md"]


def test_an_author_without_consent_is_shown_as_not_published_with_the_unit(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY.replace('consent: "2025-05-12"\n', ""))
    pages = pages_of(project.load())
    assert all("Trần Minh Châu" not in html for html in pages.values())
    assert "Tác giả: (chưa công bố) · Văn phòng Ban Quản lý" in pages["cuoc-thi-viet/2025/index.md"]
    assert 'Tác giả: <span class="vd-article__author">(chưa công bố)</span> · Văn phòng Ban Quản lý' \
        in pages["cuoc-thi-viet/2025/a.md"]


def test_hostile_entry_is_escaped_and_never_crashes_or_hangs(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND.replace("title: Cuộc thi viết năm 2025", "title: \"<script>x</script>\""))
    word = "x" * 10_000
    project.write("contest/2025/a.md", ENTRY.replace("title: Người giữ nhịp", "title: \"<script>alert(1)</script>\"")
                  .replace("unit: Văn phòng Ban Quản lý", "unit: \"<b>Đơn vị</b>\"")
                  + f"\n<script>alert(2)</script>\n\n[bấm](javascript:alert(3))\n\n{word}\n")
    started = time.perf_counter()
    site = project.load()
    assert time.perf_counter() - started < 20
    assert [str(w) for w in site.problems.sorted() if "javascript" in str(w)] == [
        "contest/2025/a.md:15: body: cảnh báo: liên kết 'javascript:alert(3)' không được đăng (chỉ dùng địa chỉ "
        "http://, https://, mailto:, tel:); chữ được giữ, không có liên kết"]
    pages = pages_of(site)
    joined = "".join(pages.values())
    assert "<script>" not in joined and "javascript:" not in joined and "<b>Đơn vị" not in joined
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["cuoc-thi-viet/2025/a.md"]
    assert "&lt;b&gt;Đơn vị&lt;/b&gt;" in pages["cuoc-thi-viet/2025/a.md"]
    assert word in pages["cuoc-thi-viet/2025/a.md"]


def test_report_counts_entries_per_unit_and_result(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY)
    project.write("contest/2025/b.md", ENTRY.replace("result: giải Nhất", "result: khuyen-khich"))
    project.write("contest/2025/c.md", ENTRY.replace("result: giải Nhất", "result: Khuyến khích"))
    project.write("contest/2025/d.md", ENTRY.replace("result: giải Nhất\n", "").replace("Văn phòng Ban Quản lý", "Đoàn thanh niên"))
    site = project.load()
    rows = report.contest_rows(site)
    assert rows == [["2025", "Đoàn thanh niên", "Không đạt giải", "1"],
                    ["2025", "Văn phòng Ban Quản lý", "Giải Nhất", "1"],
                    ["2025", "Văn phòng Ban Quản lý", "Giải Khuyến khích", "2"]]
    assert report.contest_summary(site) == ("Cuộc thi viết: 1 đợt thi, 4 bài dự thi (Giải Nhất: 1, Giải Khuyến "
                                            "khích: 2, Không đạt giải: 1).")
    assert report.contest_csv(rows).decode("utf-8-sig").splitlines()[:2] == [
        "Đợt thi,Đơn vị,Kết quả,Số bài", "2025,Đoàn thanh niên,Không đạt giải,1"]
    assert report.contest_table(rows).splitlines()[0].split() == ["Đợt", "thi", "Đơn", "vị", "Kết", "quả", "Số", "bài"]


def test_contest_pages_are_built_and_in_the_navigation(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY)
    build(project)
    site = project.root / "site"
    assert (site / "cuoc-thi-viet/2025/a/index.html").is_file()
    home = (site / "index.html").read_text()
    assert 'href="cuoc-thi-viet/"' in home and "Cuộc thi viết" in home
    assert "Người giữ nhịp" in (site / "cuoc-thi-viet/2025/index.html").read_text()


def test_an_entry_photo_goes_through_the_photo_pipeline_and_needs_its_description(project):
    from PIL import Image

    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    (project.root / "contest/2025/anh").mkdir(parents=True)
    Image.new("RGB", (1200, 800), (180, 40, 40)).save(project.root / "contest/2025/anh/trao-giai.jpg")
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nphoto: anh/khong-co.jpg"))
    assert problems_of(project) == [
        "contest/2025/a.md:7: photo: không tìm thấy tệp ảnh: anh/khong-co.jpg",
        "contest/2025/a.md:7: photo_alt: ảnh cần mô tả cho người khiếm thị (photo_alt), ví dụ 'photo_alt: Chị Lê Thị "
        "Hằng trao đổi với đồng nghiệp'"]
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nphoto: anh/trao-giai.jpg\n"
                                                      "photo_alt: Lễ trao giải cuộc thi"))
    build(project)
    page = (project.root / "site/cuoc-thi-viet/2025/a/index.html").read_text()
    assert '<figure class="vd-article__cover"><picture style="aspect-ratio:' in page
    assert 'alt="Lễ trao giải cuộc thi"' in page


def test_two_entries_or_rounds_at_the_same_address_are_an_error_not_one_page_over_the_other(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/Bài 1.md", ENTRY)
    project.write("contest/2025/bai-1.md", ENTRY.replace("Người giữ nhịp", "Bài khác"))
    project.write("contest/2025-/dot-thi.yml", ROUND)
    assert problems_of(project) == [
        "contest/2025-/dot-thi.yml:1: thư mục đợt thi trùng địa chỉ '2025' với contest/2025; hãy đổi tên thư mục",
        "contest/2025/bai-1.md:1: tên tệp cho cùng địa chỉ 'bai-1' với contest/2025/Bài 1.md; hãy đổi tên tệp"]


def test_an_author_who_is_an_exemplar_is_linked_to_their_profile_once_named(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Minh Châu"))
    project.write("contest/2025/dot-thi.yml", ROUND)
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nauthor_profile: binh"))
    project.write("contest/2025/b.md", ENTRY.replace("profile: an", "profile: an\nauthor_profile: binh")
                  .replace('consent: "2025-05-12"\n', ""))
    pages = pages_of(project.load())
    assert '<a href="../../ho-so/binh/">Trần Minh Châu</a>' in pages["cuoc-thi-viet/2025/index.md"]
    assert '<a href="../../../ho-so/binh/">Trần Minh Châu</a>' in pages["cuoc-thi-viet/2025/a.md"]
    assert "ho-so/binh/" not in pages["cuoc-thi-viet/2025/b.md"]  # not named without consent, so not linked
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nauthor_profile: bnh"))
    assert problems_of(project) == ["contest/2025/a.md:7: author_profile: không có hồ sơ nào có mã 'bnh'; có phải ý "
                                    "bạn là 'binh' (Trần Minh Châu)?"]
    project.write("contest/2025/a.md", ENTRY.replace("profile: an", "profile: an\nauthor_profile: an"))
    assert [str(p) for p in project.load().problems.sorted()] == [
        "contest/2025/a.md:3: author: cảnh báo: tên tác giả 'Trần Minh Châu' khác tên trong hồ sơ 'an' ('Nguyễn Văn "
        "An'): hãy kiểm tra author_profile"]
