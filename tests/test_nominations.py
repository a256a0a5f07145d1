"""Nominations: the per-unit report, and importing units' spreadsheets into profiles."""

import datetime as dt

import openpyxl

from generator.cli import main
from generator.importer import COLUMNS
from tests.conftest import INDIVIDUAL


def run(project, *args):
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


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


def test_import_reports_bad_rows_with_their_row_numbers_and_writes_nothing(project, capsys, tmp_path):
    path = tmp_path / "de-cu.csv"
    path.write_text("Họ và tên (hoặc tên tập thể);Cá nhân hay tập thể;Đơn vị;Năm sinh;Ghi chú lạ\n"
                    "Lê Văn Cường;Cá nhân;Văn phòng;1980;x\n"
                    ";Cá nhân;Văn phòng;1980;\n"
                    "Phạm Thị Dung;Cá nhân;Phòng Quản lí đầu tư;năm 1990;\n", encoding="utf-8")
    assert run(project, "import", str(path)) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line.replace(str(path), "de-cu.csv") for line in out]
    assert problems[:4] == [
        "de-cu.csv:1: cột không có trong mẫu: 'Ghi chú lạ' (dùng mẫu từ `vinhdanh import --template`)",
        "de-cu.csv:3: name: thiếu trường bắt buộc",
        "de-cu.csv:4: birth_year: phải là số nguyên",
        "de-cu.csv:4: unit: không có đơn vị 'Phòng Quản lí đầu tư' trong data/units.yml; có phải ý bạn là "
        "'Phòng Quản lý đầu tư' (mã phong-quan-ly-dau-tu)?",
    ]
    assert "Chưa nhập dòng nào; hãy sửa các dòng trên rồi nhập lại." in out
    assert list(project.profiles.iterdir()) == []
