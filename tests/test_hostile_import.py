"""Hostile inputs to import, report, open data and feeds: each ends in a Vietnamese message naming file, line
and field, or in a clean result; never a traceback, a hang, or a file written outside where it belongs."""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from generator.render_opendata import render_feeds, render_open_data, spreadsheet_cell
from generator.report import Row, as_table
from generator.text import make_id
from tests.helpers import INDIVIDUAL, run

NAME, KIND, UNIT = "Họ và tên (hoặc tên tập thể)", "Cá nhân hay tập thể", "Đơn vị"
HEAD = f"{NAME},{KIND},{UNIT}\n"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its content: what an import may have changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write_csv(project, text: str, name: str = "de-cu.csv") -> Path:
    path = project.root / name
    path.write_bytes(text.encode())
    return path


def output(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def with_part(book: bytes, part: str, text: str) -> bytes:
    """The .xlsx `book` with one part's XML replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info.filename, old.read(info.filename))
        new.writestr(part, text)
    return out.getvalue()


def xlsx(rows: dict[int, dict[str, str]], *, dimension: str = "A1:C2", before: str = "", raw: str = "") -> bytes:
    """An .xlsx whose first sheet's XML is written by hand: `rows` of inline-text cells by row and column letter,
    the declared `dimension`, `before` the root element (a DOCTYPE) and `raw` cells' XML added unescaped."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    data = "".join(f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                                              for col, value in cells.items()) + "</row>" for r, cells in rows.items())
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{SHEET_NS}">'
             f'<dimension ref="{dimension}"/><sheetData>{data}{raw}</sheetData></worksheet>')
    return with_part(buffer.getvalue(), "xl/worksheets/sheet1.xml", sheet)


HEADER_ROW = {"A": NAME, "B": KIND, "C": UNIT}


def profile_names(project) -> list[str]:
    return sorted(p.name for p in project.profiles.iterdir())


# --- spreadsheets that would exhaust memory or time -------------------------------------------------------

@pytest.mark.timeout(120)
def test_a_sheet_declaring_a_million_rows_is_read_as_its_rows_come(project, capsys):
    # 16,384 columns by 1,048,576 rows declared, one cell in the last row and the last column: openpyxl would
    # fill every row in between to the declared width.
    book = xlsx({1: HEADER_ROW, 1048576: {"A": "Lê Văn Cường", "B": "Cá nhân", "C": "Văn phòng", "XFD": "x"}},
                dimension="A1:XFD1048576")
    assert len(book) < 8000
    (project.root / "de-cu.xlsx").write_bytes(book)
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 0
    assert "Đã tạo profiles/le-van-cuong.md (bản nháp)." in output(capsys)


@pytest.mark.timeout(120)
def test_empty_rows_written_out_to_the_last_column_are_skipped(project, capsys):
    empty = "".join(f'<row r="{r}"><c r="XFD{r}"/></row>' for r in range(3, 100_000))
    book = xlsx({1: HEADER_ROW, 2: {"A": "Lê Văn Cường", "B": "Cá nhân", "C": "Văn phòng"}}, raw=empty)
    (project.root / "de-cu.xlsx").write_bytes(book)
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 0
    assert profile_names(project) == ["le-van-cuong.md"]


@pytest.mark.timeout(120)
def test_a_spreadsheet_that_unpacks_to_gigabytes_is_refused_unread(project, capsys):
    book = xlsx({1: HEADER_ROW}, before="<!--" + " " * 60_000_000 + "-->")
    assert len(book) < 200_000
    (project.root / "de-cu.xlsx").write_bytes(book)
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    assert output(capsys)[0] == ("de-cu.xlsx: tệp .xlsx khi giải nén quá lớn (hơn 50 MB, không kể ảnh); hãy chép các "
                                 "dòng đề cử sang mẫu trống từ `vinhdanh import --template`")


def test_more_nominations_than_one_file_may_hold_are_refused(project, capsys):
    path = write_csv(project, HEAD + "Lê Văn Cường,Cá nhân,Văn phòng\n" * 5001)
    assert run(project, "import", str(path)) == 1
    assert output(capsys)[0] == "de-cu.csv: dòng 5002: tệp có hơn 5.000 dòng đề cử; hãy chia thành nhiều tệp nhỏ hơn"


# --- XML entities ---------------------------------------------------------------------------------------------

ENTITIES = ("de-cu.xlsx: tệp .xlsx có định nghĩa thực thể XML (DTD), điều Excel không bao giờ ghi và có thể dùng "
            "để tấn công; hãy mở bằng Excel và lưu lại, hoặc dùng mẫu từ `vinhdanh import --template`")


@pytest.mark.timeout(60)
def test_entity_definitions_in_a_sheet_are_refused(project, capsys):
    laughs = '<!ENTITY a "hahahahaha">' + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
                                                  for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    book = xlsx({1: HEADER_ROW}, before=f"<!DOCTYPE worksheet [{laughs}]>",
                raw='<row r="2"><c r="A2" t="inlineStr"><is><t>&i;</t></is></c></row>')
    (project.root / "de-cu.xlsx").write_bytes(book)
    before = files(project.root)
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    assert output(capsys)[0] == ENTITIES
    assert files(project.root) == before


def test_an_external_entity_in_the_workbook_part_is_refused_and_never_read(project, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu")
    book = xlsx({1: HEADER_ROW, 2: {"A": "Lê Văn Cường", "B": "Cá nhân", "C": "Văn phòng"}})
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    doctype = f'<!DOCTYPE workbook [<!ENTITY s SYSTEM "file://{secret}">]>'
    workbook = workbook.replace("<workbook ", doctype + "<workbook ", 1)
    workbook = workbook.replace('name="Sheet"', 'name="&s;"')
    (project.root / "de-cu.xlsx").write_bytes(with_part(book, "xl/workbook.xml", workbook))
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ENTITIES and "mật khẩu" not in out
    assert profile_names(project) == []


def test_openpyxl_parses_spreadsheets_with_defusedxml(project, capsys, monkeypatch):
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML and functions.iterparse.__module__.startswith("defusedxml")
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)  # as with OPENPYXL_DEFUSEDXML=False
    (project.root / "de-cu.xlsx").write_bytes(xlsx({1: HEADER_ROW}))
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    assert output(capsys)[0] == ("de-cu.xlsx: không đọc tệp .xlsx khi chưa có thư viện defusedxml (chống XML độc hại); "
                                 "hãy chạy `make setup` và bỏ biến môi trường OPENPYXL_DEFUSEDXML")


# --- files that are not what they claim ------------------------------------------------------------------------

NOT_XLSX = ("không phải tệp Excel .xlsx đọc được (có thể là tệp .xls cũ, tệp có mật khẩu hoặc tệp hỏng); hãy mở bằng "
            "Excel, gỡ mật khẩu nếu có, rồi lưu lại dạng Excel Workbook (.xlsx)")


def test_a_text_file_named_xlsx_and_a_broken_sheet_are_named_not_traced(project, capsys):
    (project.root / "de-cu.xlsx").write_text("Họ và tên\nAn\n")
    (project.root / "hong.xlsx").write_bytes(with_part(xlsx({1: HEADER_ROW}), "xl/worksheets/sheet1.xml",
                                                       f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="x">'))
    (project.root / "cu.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    assert run(project, "import", str(project.root / "hong.xlsx")) == 1
    assert run(project, "import", str(project.root / "cu.xls")) == 1
    out = output(capsys)
    assert f"de-cu.xlsx: {NOT_XLSX}" in out and f"hong.xlsx: {NOT_XLSX}" in out
    assert "cu.xls: chỉ nhận tệp .xlsx hoặc .csv (tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx)" in out


def test_excel_error_values_and_dates_beyond_the_calendar_are_reported_in_their_cell(project, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([NAME, KIND, UNIT, "Ngày đồng ý công bố thông tin"])
    sheet.append(["Lê Văn Cường", "Cá nhân", "Văn phòng", dt.date(2025, 5, 20)])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    xml = re.sub(r'(<c r="D2"[^>]*><v>)[^<]+', r"\g<1>99999999999", xml)  # a date serial past year 9999
    (project.root / "de-cu.xlsx").write_bytes(with_part(buffer.getvalue(), "xl/worksheets/sheet1.xml", xml))
    write_csv(project, HEAD + "Lê Văn Cường,Cá nhân,#N/A\n")
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 1
    assert run(project, "import", str(project.root / "de-cu.csv")) == 1
    out = output(capsys)
    assert ("de-cu.xlsx: dòng 2, cột 'Ngày đồng ý công bố thông tin': chứa giá trị lỗi #VALUE! của Excel (công thức "
            "hỏng hoặc ngày không hợp lệ); hãy gõ lại giá trị của ô") in out
    assert ("de-cu.csv: dòng 2, cột 'Đơn vị': chứa giá trị lỗi #N/A của Excel (công thức hỏng hoặc ngày không hợp "
            "lệ); hãy gõ lại giá trị của ô") in out
    assert profile_names(project) == []


# --- CSV -------------------------------------------------------------------------------------------------------

def test_a_csv_with_one_column_is_read_and_missing_required_columns_are_named_once(project, capsys):
    path = write_csv(project, f"{NAME}\nLê Văn Cường\nPhạm Thị Dung\n")
    assert run(project, "import", str(path)) == 1
    assert output(capsys)[:2] == [
        "de-cu.csv: dòng 1: thiếu cột bắt buộc 'Cá nhân hay tập thể', 'Đơn vị' (dùng mẫu từ `vinhdanh import "
        "--template`)",
        "Có 1 lỗi trong 1 tệp.",
    ]


def test_a_csv_without_any_column_of_the_template_says_so_once(project, capsys):
    path = write_csv(project, "Tên|Đơn vị\nAn|Văn phòng\nBình|Văn phòng\n")
    assert run(project, "import", str(path)) == 1
    assert output(capsys)[:2] == [
        "de-cu.csv: dòng 1: cột không có trong mẫu: 'Tên|Đơn vị' (dùng mẫu từ `vinhdanh import --template`)",
        "de-cu.csv: dòng 1: không có cột nào của mẫu: dòng đầu tiên phải là dòng tên cột của mẫu (dùng mẫu từ "
        "`vinhdanh import --template`; tệp CSV phân cách bằng dấu phẩy hoặc chấm phẩy)",
    ]
    write_csv(project, "", "rong.csv")
    assert run(project, "import", str(project.root / "rong.csv")) == 1
    assert output(capsys)[0] == "rong.csv: tệp không có dòng nào; dùng mẫu từ `vinhdanh import --template`"


LONG_CELL = ("ô dài 200.000 ký tự, quá giới hạn 32.767 ký tự của một ô Excel; hãy rút gọn (câu chuyện dài có thể "
             "viết thêm vào tệp hồ sơ sau khi nhập)")


def test_a_field_over_128_kb_is_reported_in_its_cell(project, capsys):
    path = write_csv(project, f"{NAME},{KIND},{UNIT},Câu chuyện\nLê Văn Cường,Cá nhân,Văn phòng,\"{'a' * 200_000}\"\n")
    assert run(project, "import", str(path)) == 1
    assert output(capsys)[0] == f"de-cu.csv: dòng 2, cột 'Câu chuyện': {LONG_CELL}"
    assert profile_names(project) == []


def test_an_unclosed_quote_that_swallows_the_file_is_reported_on_its_row(project, capsys):
    path = write_csv(project, HEAD + '"Lê Văn Cường,Cá nhân,Văn phòng\n' + "Phạm Thị Dung,Cá nhân,Văn phòng\n" * 2000)
    assert run(project, "import", str(path)) == 1
    assert output(capsys)[0] == ("de-cu.csv: dòng 2, cột 'Họ và tên (hoặc tên tập thể)': ô dài 64.031 ký tự, quá "
                                 "giới hạn 32.767 ký tự của một ô Excel; hãy rút gọn (câu chuyện dài có thể viết thêm "
                                 "vào tệp hồ sơ sau khi nhập)")


def test_doubled_quotes_survive_and_the_delimiter_comes_from_the_template_headers(project, capsys):
    movements = "Phong trào thi đua (cách nhau bởi dấu ;)"
    comma = write_csv(project, f'{NAME},{KIND},{UNIT}\n"Tổ ""Sao Mai""",Tập thể,Văn phòng\n', "phay.csv")
    # Excel with Vietnamese regional settings writes `;`; the headers themselves hold `,` and `;`.
    semicolon = write_csv(project, f'{NAME};{KIND};Khen thưởng 1: danh hiệu, hình thức;{UNIT};"{movements}"\n'
                                   'Tổ "Một cửa";Tập thể;;Văn phòng;'
                                   '"Người tốt, việc tốt; Đẩy mạnh cải cách hành chính"\n',
                          "cham-phay.csv")
    tab = write_csv(project, f'{NAME}\t{KIND}\t{UNIT}\n"Tổ\tBa"\tTập thể\tVăn phòng\n', "tab.csv")
    for path in (comma, semicolon, tab):
        assert run(project, "import", str(path)) == 0, capsys.readouterr().out
    site = project.load()
    names = {p.id: p.name for p in site.skipped}
    assert names == {"to-sao-mai": 'Tổ "Sao Mai"', "to-mot-cua": 'Tổ "Một cửa"', "to-ba": "Tổ Ba"}
    (one_stop,) = [p for p in site.skipped if p.id == "to-mot-cua"]
    assert [m.id for m in one_stop.movements] == ["nguoi-tot-viec-tot", "cai-cach-hanh-chinh"]


# --- file names of imported profiles ---------------------------------------------------------------------------

def test_names_without_latin_letters_get_a_file_name(project, capsys):
    path = write_csv(project, HEAD + "张伟,Cá nhân,Văn phòng\nИван Петров,Cá nhân,Văn phòng\n")
    assert run(project, "import", str(path)) == 0
    assert profile_names(project) == sorted([f"{make_id('张伟')}.md", f"{make_id('Иван Петров')}.md"])
    assert all(not name.startswith(".") for name in profile_names(project))
    assert run(project, "check") == 0
    assert {p.name for p in project.load().skipped} == {"张伟", "Иван Петров"}


def test_a_very_long_name_gives_a_file_name_of_at_most_100_characters(project, capsys):
    long_name = " ".join(["Nguyễn Văn An"] * 11)  # 153 characters: a name may have 160
    path = write_csv(project, HEAD + f"{long_name},Cá nhân,Văn phòng\n")
    assert run(project, "import", str(path)) == 0
    (name,) = profile_names(project)
    assert name == make_id(long_name) + ".md" and len(name) <= 103 and not name.startswith("-")


# --- paths that are not regular files --------------------------------------------------------------------------

def test_a_folder_a_missing_file_and_an_oversized_file_are_named(project, capsys):
    (project.root / "thu-muc.csv").mkdir()
    big = project.root / "lon.csv"
    with big.open("wb") as handle:
        handle.truncate(21_000_000)  # sparse: no disk used
    for name in ("thu-muc.csv", "khong-co.csv", "lon.csv"):
        assert run(project, "import", str(project.root / name)) == 1
    out = output(capsys)
    assert any(line.startswith("thu-muc.csv: không phải tệp thông thường") for line in out)
    assert "khong-co.csv: không tìm thấy tệp" in out
    assert any(line.startswith("lon.csv: tệp quá lớn (21.000.000 byte") for line in out)


@pytest.mark.timeout(60)
def test_a_fifo_is_refused_without_blocking(project, capsys):
    fifo = project.root / "de-cu.csv"
    os.mkfifo(fifo)
    assert run(project, "import", str(fifo)) == 1
    assert output(capsys)[0].startswith("de-cu.csv: không phải tệp thông thường")


def test_a_link_named_on_the_command_line_is_followed_and_a_loop_is_named(project, capsys, tmp_path):
    elsewhere = tmp_path / "tai-ve" / "de-cu.csv"
    elsewhere.parent.mkdir()
    elsewhere.write_text(HEAD + "Lê Văn Cường,Cá nhân,Văn phòng\n")
    (project.root / "lien-ket.csv").symlink_to(elsewhere)
    (project.root / "vong.csv").symlink_to(project.root / "vong.csv")
    assert run(project, "import", str(project.root / "lien-ket.csv")) == 0
    assert profile_names(project) == ["le-van-cuong.md"]
    assert run(project, "import", str(project.root / "vong.csv")) == 1
    assert output(capsys)[-3] == "vong.csv: không đọc được tệp (liên kết tắt vòng hoặc đường dẫn không hợp lệ)"


# --- invisible characters --------------------------------------------------------------------------------------

def test_invisible_characters_in_cells_are_removed_with_a_warning_naming_the_cell(project, capsys):
    path = write_csv(project, f"{NAME},{KIND},Đơn\u200b vị,Chức vụ\nTrần\u200b Thị Bích,Cá nhân,Văn phòng,"
                              "Chuyên viên\x1b[31m\u202e\n")
    assert run(project, "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    lines = out.splitlines()
    assert ("de-cu.csv: dòng 1, cột C: cảnh báo: đã xóa ký tự ẩn (khoảng trắng độ rộng 0) trong ô; hãy kiểm tra lại "
            "nội dung ô") in lines
    assert ("de-cu.csv: dòng 2, cột 'Họ và tên (hoặc tên tập thể)': cảnh báo: đã xóa ký tự ẩn (khoảng trắng độ rộng "
            "0) trong ô; hãy kiểm tra lại nội dung ô") in lines
    assert ("de-cu.csv: dòng 2, cột 'Chức vụ': cảnh báo: đã xóa ký tự ẩn (ký tự điều khiển, ký tự điều khiển hướng "
            "chữ) trong ô; hãy kiểm tra lại nội dung ô") in lines
    text = (project.profiles / "tran-thi-bich.md").read_text()
    assert "name: Trần Thị Bích\n" in text and "position: Chuyên viên[31m\n" in text


def test_names_that_differ_only_by_invisible_characters_are_one_name(project, capsys):
    path = write_csv(project, HEAD + "Lê Văn Cường,Cá nhân,Văn phòng\n"
                                     "Lê Văn Cường\u2060,Cá nhân,Phòng Quản lý đầu tư\n")
    before = {k: v for k, v in files(project.root).items() if not k.startswith("profiles/")}
    assert run(project, "import", str(path)) == 0
    out = output(capsys)
    assert ("de-cu.csv: dòng 3, cột 'Họ và tên (hoặc tên tập thể)': cảnh báo: trùng tên với dòng 2 ('Lê Văn Cường'), "
            "nên được ghi vào le-van-cuong-3.md: nếu là một người, hãy xóa một trong hai tệp hồ sơ") in out
    assert profile_names(project) == ["le-van-cuong-3.md", "le-van-cuong.md"]
    written = files(project.profiles)
    assert run(project, "import", str(path)) == 0  # again: the same files, none overwritten, none added
    out = output(capsys)
    assert "Bỏ qua dòng 2: đã có le-van-cuong.md, không ghi đè." in out
    assert "Bỏ qua dòng 3: đã có le-van-cuong-3.md, không ghi đè." in out
    assert files(project.profiles) == written
    assert {k: v for k, v in files(project.root).items() if not k.startswith("profiles/")} == before


def test_a_name_of_invisible_characters_only_is_a_missing_name(project, capsys):
    path = write_csv(project, HEAD + "\u200b\u200b,Cá nhân,Văn phòng\n")
    assert run(project, "import", str(path)) == 1
    assert "de-cu.csv: dòng 2, cột 'Họ và tên (hoặc tên tập thể)': chưa điền (bắt buộc)" in output(capsys)


# --- what the terminal is sent ---------------------------------------------------------------------------------

def test_import_lines_show_control_characters_instead_of_sending_them(project, capsys):
    hostile = "de-cu\x1b]8;;https://evil.example/\x07bam\x1b]8;;\x07\x9b2J.csv"
    assert run(project, "import", str(project.root / hostile)) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "de-cu<U+001B>]8;;https:/evil.example/<U+0007>bam<U+001B>]8;;<U+0007><U+009B>2J.csv: không tìm thấy tệp" \
        in out  # (a path has no double slash)
    template = project.root / "mau\x1b[2J.xlsx"
    assert run(project, "import", "--template", str(template)) == 0
    assert run(project, "import", "--template", str(template)) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "mau<U+001B>[2J.xlsx" in captured.err


def test_a_template_into_a_missing_folder_is_a_message(project, capsys):
    assert run(project, "import", "--template", str(project.root / "khong-co" / "mau.xlsx")) == 1
    assert capsys.readouterr().err.startswith(f"Không ghi được {project.root / 'khong-co' / 'mau.xlsx'}")


def test_the_report_table_shows_control_characters_instead_of_sending_them(project, capsys, tmp_path):
    table = as_table([Row("Văn phòng\x1b]8;;\x07", "An\x1b[2J\x9b", "", "", "", "")])
    assert "\x1b" not in table and "\x07" not in table and "\x9b" not in table
    assert "Văn phòng<U+001B>]8;;<U+0007>" in table and "An<U+001B>[2J<U+009B>" in table
    project.write("profiles/an.md", INDIVIDUAL)
    assert run(project, "report", "-o", str(tmp_path / "bao\x1b[2Jcao")) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "bao<U+001B>[2Jcao/de-cu.csv" in out


def test_a_report_that_cannot_be_written_is_a_message(project, capsys):
    project.write("profiles/an.md", INDIVIDUAL)
    (project.root / "bao-cao").write_text("một tệp, không phải thư mục")
    assert run(project, "report", "-o", str(project.root / "bao-cao")) == 1
    assert capsys.readouterr().err.startswith(f"Không ghi được báo cáo vào {project.root / 'bao-cao'}")


# --- CSV files opened in Excel ---------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://evil.example/";"Bấm")', "+84 912 345 678", "-Tổ Một cửa", "@SUM(1+1)"]


def test_report_csv_cells_cannot_start_a_formula(project, tmp_path):
    for i, name in enumerate(FORMULAS):
        project.write(f"profiles/{i}.md", f"---\nname: '{name}'\nkind: collective\nunit: van-phong\n---\n")
    assert run(project, "report", "-o", str(tmp_path / "out")) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "out/de-cu.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(r[1] for r in rows if r[0] == "Văn phòng") == sorted("'" + f for f in FORMULAS)
    markdown = (tmp_path / "out/de-cu.md").read_text()
    assert '| Văn phòng | =HYPERLINK("https://evil.example/";"Bấm") |' in markdown  # Markdown is not Excel


def test_open_data_csv_cells_cannot_start_a_formula(project):
    for i, text in enumerate(FORMULAS):
        project.write(f"profiles/{i}.md", INDIVIDUAL.replace("Nguyễn Văn An", f"Người {i}")
                      .replace("position: Chuyên viên", f"position: '{text}'"))
    site = project.load()
    json_asset, csv_asset = render_open_data(site)
    rows = list(csv.DictReader(io.StringIO(csv_asset.content.decode("utf-8-sig"))))
    assert sorted(r["chuc_vu"] for r in rows) == sorted("'" + f for f in FORMULAS)
    assert sorted(e["position"] for e in json.loads(json_asset.content)["exemplars"]) == sorted(FORMULAS)


def test_every_formula_start_of_owasp_is_neutralised_and_other_cells_kept():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"
    assert [spreadsheet_cell(v) for v in ("Nguyễn Văn An", "", "'=x", 2024, None)] == ["Nguyễn Văn An", "", "'=x",
                                                                                        2024, None]


# --- feeds -----------------------------------------------------------------------------------------------------

SITE = "https://example.org/vinh-danh/"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def feeds(site, now=dt.datetime(2025, 6, 1, 8, tzinfo=dt.UTC)):
    """The three feeds of `site`, parsed: Atom and RSS by an XML parser, JSON Feed by json."""
    assets = {a.src_uri: a.content for a in render_feeds(site, SITE, now)}
    return ET.fromstring(assets["feed.xml"]), ET.fromstring(assets["rss.xml"]), json.loads(assets["feed.json"])


def check_dates(atom, rss, feed) -> tuple[list[str], list[str | None]]:
    """Every feed date valid: RFC 3339 in Atom and JSON Feed, RFC 822 in RSS; returns them."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom_dates = [atom.find("a:updated", ns).text] + [e.find("a:updated", ns).text for e in atom.findall("a:entry", ns)]
    json_dates = [item["date_published"] for item in feed["items"]]
    for text in atom_dates + json_dates:
        assert RFC3339.fullmatch(text), text
        dt.datetime.fromisoformat(text)
    rss_dates = [item.findtext("pubDate") for item in rss.findall("channel/item")]
    for text in filter(None, rss_dates):
        assert email.utils.parsedate_to_datetime(text).year >= 1900
        assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d (GMT|[+-]\d{4})", text), text
    return atom_dates, rss_dates


@pytest.mark.parametrize("timezone", ["Asia/Ho_Chi_Minh", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_feed_dates_at_the_ends_of_the_calendar_are_valid_or_left_out(project, timezone):
    project.write("data/conference.yml", (project.root / "data/conference.yml").read_text()
                  + f"timezone: {timezone}\n")
    for i in range(3):
        project.write(f"profiles/{i}.md", INDIVIDUAL.replace("Nguyễn Văn An", f"Người {i}"))
    site = project.load()
    # Any date the model could hold: set directly, so the test stands whatever range validation allows.
    for profile, day in zip(site.profiles, (dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31)),
                            strict=True):
        profile.data = profile.data.model_copy(update={"publish_on": day})
    atom_dates, rss_dates = check_dates(*feeds(site))
    assert atom_dates == ["9999-12-31T00:00:00Z", "9999-12-31T00:00:00Z", "1899-12-31T00:00:00Z",
                          "0001-01-01T00:00:00Z"]
    assert rss_dates == ["Fri, 31 Dec 9999 00:00:00 GMT", None, None]  # RFC 2822 years start at 1900


def test_an_empty_feed_is_dated_today_even_on_the_first_day_of_the_calendar(project):
    site = project.load()
    atom, rss, feed = feeds(site, dt.datetime(1, 1, 1, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    atom_dates, _ = check_dates(atom, rss, feed)
    assert atom_dates == ["0001-01-01T00:00:00Z"] and feed["items"] == []


def test_feeds_stay_well_formed_whatever_the_text(project):
    hostile = r"An\uFFFE\uFFFF\uFDD0\U0001FFFF\U0010FFFF <b>&amp;</b> ]]> \"x\""
    project.write("profiles/an.md", INDIVIDUAL.replace("name: Nguyễn Văn An", f'name: "{hostile}"')
                  .replace("position: Chuyên viên", 'position: "</summary><script>alert(1)</script>"'))
    project.write("data/conference.yml", (project.root / "data/conference.yml").read_text()
                  .replace("campaign: Tôn vinh điển hình tiên tiến", r'campaign: "Tôn vinh\uFFFF & <vinh danh>"'))
    site = project.load()
    atom, rss, feed = feeds(site)
    check_dates(atom, rss, feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    expected = 'An <b>&amp;</b> ]]> "x"'
    assert atom.find("a:entry/a:title", ns).text == expected
    assert rss.findtext("channel/item/title") == expected and feed["items"][0]["title"] == expected
    assert atom.find("a:title", ns).text == "Tôn vinh & <vinh danh>"
    assert atom.find("a:entry/a:summary", ns).text.startswith("</summary><script>alert(1)</script>. Văn phòng")


def test_text_that_looks_like_yaml_or_front_matter_is_written_as_text(project, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([NAME, KIND, UNIT, "Chức vụ", "Tên bài tham luận", "Tóm tắt tham luận", "Câu chuyện"])
    sheet.append(["- Tổ: *một* #1", "Tập thể", "Văn phòng", "'yes' & no: <b>", "---", "đầu\n---\n...\ncuối",
                  "---\nname: Kẻ giả mạo\n---\nCâu chuyện thật."])
    book.save(project.root / "de-cu.xlsx")
    assert run(project, "import", str(project.root / "de-cu.xlsx")) == 0, capsys.readouterr().out
    assert run(project, "check") == 0
    (team,) = project.load().skipped
    assert (team.name, team.data.position) == ("- Tổ: *một* #1", "'yes' & no: <b>")
    assert (team.data.paper.title, team.data.paper.summary) == ("---", "đầu\n---\n...\ncuối")
    assert "Kẻ giả mạo" in team.story_html and "Câu chuyện thật." in team.story_html
