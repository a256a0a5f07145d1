"""Nominations: the per-unit report, and importing units' spreadsheets into profiles."""

import csv
import datetime as dt

import openpyxl

from generator.importer import COLUMNS
from tests.helpers import INDIVIDUAL, run


def test_report_lists_every_unit_and_what_nominees_lack(project, capsys, tmp_path):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/to.md", "---\nname: Tổ Một cửa\nkind: collective\nunit: van-phong\n---\n")
    assert run(project, "report", "-o", str(tmp_path / "out")) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("Lãnh đạo Ban") and line.endswith("Chưa có đề cử") for line in lines)
    an = next(line for line in lines if "Nguyễn Văn An" in line)
    assert "Đã xuất bản" in an and "ảnh, tham luận" in an and "Có 2 đề cử (mỗi đơn vị 01)" in an
    to = next(line for line in lines if "Tổ Một cửa" in line)
    assert "ảnh, tham luận, khen thưởng" in to and "đồng ý" not in to  # collectives need no consent
    csv_bytes = (tmp_path / "out/de-cu.csv").read_bytes()
    assert csv_bytes.startswith("\ufeff".encode()) and "Nguyễn Văn An".encode() in csv_bytes
    markdown = (tmp_path / "out/de-cu.md").read_text()
    assert "| Văn phòng | Nguyễn Văn An | Cá nhân | Đã xuất bản | ảnh, tham luận |" in markdown


def fill(path, rows):
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.delete_rows(2, sheet.max_row)
    headers = list(COLUMNS)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    book.save(path)


def test_import_creates_draft_profiles_that_pass_check(project, capsys, tmp_path):
    template = tmp_path / "mau.xlsx"
    assert run(project, "import", "--template", str(template)) == 0
    fill(template, [
        {"Họ và tên (hoặc tên tập thể)": "  Trần   Thị Bích ", "Cá nhân hay tập thể": "Cá nhân",
         "Đơn vị": "Văn phòng", "Năm sinh": 1987.0, "Chức vụ": "Chuyên viên",
         "Phong trào thi đua (cách nhau bởi dấu ;)": "Đẩy mạnh cải cách hành chính; Người tốt, việc tốt",
         "Thành tích nổi bật (mỗi ý một dòng)": "- Ý một\n- Ý hai",
         "Ngày đồng ý công bố thông tin": dt.datetime(2025, 5, 21),
         "Khen thưởng 1: danh hiệu, hình thức": "Chiến sĩ thi đua cơ sở",
         "Khen thưởng 1: ngày quyết định": dt.datetime(2024, 12, 20),
         "Khen thưởng 1: số quyết định": "Quyết định số 9/QĐ-BQL", "Câu chuyện": "Chị Bích..."},
        {"Họ và tên (hoặc tên tập thể)": "Tổ Kỹ thuật", "Cá nhân hay tập thể": "Tập thể", "Đơn vị": "van-phong",
         "Số người (tập thể)": 7},
    ])
    assert run(project, "import", str(template)) == 0
    out = capsys.readouterr().out
    assert "Đã tạo profiles/tran-thi-bich.md (bản nháp)." in out and "Đã nhập 2 đề cử" in out
    text = (project.profiles / "tran-thi-bich.md").read_text()
    assert "name: Trần Thị Bích" in text and "birth_year: 1987" in text and "draft: true" in text
    assert "date: '2025-05-21'" in text and text.rstrip().endswith("Chị Bích...")
    assert run(project, "check") == 0
    site = project.load()
    (bich,) = [p for p in site.skipped if p.id == "tran-thi-bich"]
    assert [m.id for m in bich.movements] == ["cai-cach-hanh-chinh", "nguoi-tot-viec-tot"]
    assert bich.data.highlights == ["Ý một", "Ý hai"]

    before = (project.profiles / "tran-thi-bich.md").read_bytes()
    assert run(project, "import", str(template)) == 0  # again: nothing overwritten
    assert "Bỏ qua dòng 2: đã có tran-thi-bich.md, không ghi đè." in capsys.readouterr().out
    assert (project.profiles / "tran-thi-bich.md").read_bytes() == before


def test_import_reports_bad_rows_by_row_and_column_header_and_writes_nothing(project, capsys, tmp_path):
    path = tmp_path / "de-cu.csv"
    path.write_text("Họ và tên (hoặc tên tập thể);Cá nhân hay tập thể;Đơn vị;Năm sinh;Ghi chú lạ;"
                    "Khen thưởng 1: danh hiệu, hình thức;Khen thưởng 1: ngày quyết định;Hình thức lưu sự đồng ý\n"
                    "Lê Văn Cường;Cá nhân;Văn phòng;1980;x;;;\n"
                    ";Cá nhân;Văn phòng;1980;;;;\n"
                    "Phạm Thị Dung;Tổ;Phòng Quản lí đầu tư;năm 1990;;Chiến sĩ thi đua cơ sở;31/2/2024;Phiếu\n"
                    "Trần Văn Bình;Cá nhân;Văn phòng;;;;20/12/2024;\n", encoding="utf-8")
    assert run(project, "import", str(path)) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line.replace(str(path), "de-cu.csv") for line in out]
    assert problems == [
        "de-cu.csv: dòng 1: cột không có trong mẫu: 'Ghi chú lạ' (dùng mẫu từ `vinhdanh import --template`)",
        "de-cu.csv: dòng 3, cột 'Họ và tên (hoặc tên tập thể)': chưa điền (bắt buộc)",
        "de-cu.csv: dòng 4, cột 'Cá nhân hay tập thể': phải là 'Cá nhân' hoặc 'Tập thể'",
        "de-cu.csv: dòng 4, cột 'Khen thưởng 1: ngày quyết định': ngày không hợp lệ '31/2/2024' (dùng dạng 2025-06-19 "
        "hoặc 19/6/2025)",
        "de-cu.csv: dòng 4, cột 'Ngày đồng ý công bố thông tin': chưa điền, mà đã ghi hình thức lưu sự đồng ý; hãy "
        "ghi ngày đồng ý",
        "de-cu.csv: dòng 4, cột 'Năm sinh': phải là số nguyên",
        "de-cu.csv: dòng 4, cột 'Đơn vị': không có đơn vị 'Phòng Quản lí đầu tư' trong data/units.yml; có phải ý bạn "
        "là 'Phòng Quản lý đầu tư' (mã phong-quan-ly-dau-tu)?",
        "de-cu.csv: dòng 5, cột 'Khen thưởng 1: danh hiệu, hình thức': chưa điền (bắt buộc)",
        "Có 8 lỗi trong 1 tệp.",
        "Chưa nhập dòng nào; hãy sửa các dòng trên rồi nhập lại.",
    ]
    assert list(project.profiles.iterdir()) == []


def test_the_template_example_row_lines_up_with_its_headers_and_imports_cleanly(project, capsys, tmp_path):
    template = tmp_path / "mau.xlsx"
    assert run(project, "import", "--template", str(template)) == 0
    sheet = openpyxl.load_workbook(template).active
    example = {header.value: cell.value for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert example["Khen thưởng 1: danh hiệu, hình thức"] == "Chiến sĩ thi đua cơ sở"
    assert example["Khen thưởng 1: số quyết định"] == "Quyết định số 315/QĐ-BQL"
    assert example["Khen thưởng 1: ngày quyết định"] == dt.datetime(2024, 12, 20)
    assert example["Khen thưởng 2: danh hiệu, hình thức"] is None
    assert example["Năm sinh"] == 1985 and example["Ngày đồng ý công bố thông tin"] == dt.datetime(2025, 5, 20)

    # Untouched, the example row is recognised and left out, with nothing wrong.
    assert run(project, "import", str(template)) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["Bỏ qua dòng 2: dòng ví dụ của mẫu.",
                                                        "Không có đề cử mới nào để nhập."]
    assert list(project.profiles.iterdir()) == []

    # Filled in by the example row only (the name made real), it imports cleanly into a profile that checks clean.
    fill(template, [{**example, "Họ và tên (hoặc tên tập thể)": "Nguyễn Văn An"}])
    assert run(project, "import", str(template)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Đã tạo profiles/nguyen-van-an.md (bản nháp).",
        "Đã nhập 1 đề cử; kiểm tra rồi đổi 'draft: true' thành false để xuất bản.",
    ]
    assert (project.profiles / "nguyen-van-an.md").read_text() == """---
name: Nguyễn Văn An
kind: individual
unit: Văn phòng
honorific: Ông
prefix: ThS.
birth_year: 1985
position: Chuyên viên
movements:
- Đẩy mạnh cải cách hành chính
awards:
- title: Chiến sĩ thi đua cơ sở
  decision: Quyết định số 315/QĐ-BQL
  date: '2024-12-20'
  issuer: Trưởng Ban Quản lý
highlights:
- Rút ngắn thời gian giải quyết hồ sơ từ 15 xuống 7 ngày
- Số hóa 100% hồ sơ lưu trữ
paper:
  title: Số hóa hồ sơ một cửa
draft: true
consent:
  date: '2025-05-20'
  note: Phiếu đồng ý, lưu tại Văn phòng
---

Ông An làm việc ở bộ phận một cửa từ năm 2015.
"""
    assert run(project, "check", "--strict") == 0
    (an,) = project.load().skipped
    assert (an.data.birth_year, an.awards[0].award.date) == (1985, dt.date(2024, 12, 20))


def test_numbers_typed_as_text_are_written_as_numbers_and_dates_as_quoted_text(project, capsys, tmp_path):
    path = tmp_path / "de-cu.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:  # a CSV holds every cell as text
        csv.writer(handle).writerows([
            ["Họ và tên (hoặc tên tập thể)", "Cá nhân hay tập thể", "Đơn vị", "Năm sinh", "Số người (tập thể)",
             "Khen thưởng 1: danh hiệu, hình thức", "Khen thưởng 1: số quyết định", "Khen thưởng 1: ngày quyết định"],
            ["Lê Văn Cường", "Cá nhân", "Văn phòng", "1990", "", "Chiến sĩ thi đua cơ sở", "315", "20/12/2024"],
            ["Tổ Kỹ thuật", "Tập thể", "Văn phòng", "", "12", "", "", ""],
        ])
    assert run(project, "import", str(path)) == 0, capsys.readouterr().out
    person = (project.profiles / "le-van-cuong.md").read_text()
    assert "birth_year: 1990\n" in person
    assert "  decision: '315'\n" in person and "  date: '2024-12-20'\n" in person
    assert "headcount: 12\n" in (project.profiles / "to-ky-thuat.md").read_text()
